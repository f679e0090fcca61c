package org.borderzone.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Recovery of interrupted import jobs in the database, and the spool cleanup, without killing anything (the
 * kill -9 and SIGTERM versions are in {@code FaultsIT}): the watch of the running server fails jobs whose
 * heartbeat is stale and its own instance's jobs that it does not run, leaves live jobs alone, and turns a job
 * whose import did commit (its IMPORT audit event exists) into DONE. The table refuses an importedCount on an
 * unfinished job.
 */
class ImportJobRecoveryIT extends IntegrationTest {

  @Autowired
  IncidentImportService imports;

  private UUID insertJob(String state, String instance, String heartbeatAgo, int loaded) {
    UUID id = UUID.randomUUID();
    jdbc.sql("""
        insert into incident_import_job (id, state, format, rows_total, rows_done, loaded_count, created_by,
                                         owner_org, instance_id, heartbeat_at, started_at)
        values (:id, :state, 'CSV', 1000, 1000, :loaded, 'kh-planner', 'KH', :instance,
                case when cast(:ago as text) is null then null else now() - cast(:ago as interval) end, now())
        """).param("id", id).param("state", state).param("instance", instance).param("ago", heartbeatAgo)
        .param("loaded", loaded).update();
    return id;
  }

  private String[] state(UUID id) {
    return jdbc.sql("select state, imported_count::text, coalesce(message, '') from incident_import_job where id = :id")
        .param("id", id).query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).single();
  }

  @Test
  void theWatchFailsJobsNobodyRunsAndLeavesLiveOnesAlone() {
    UUID deadInstance = insertJob("LOADING", "ghost-" + UUID.randomUUID(), "1 hour", 700);
    UUID liveElsewhere = insertJob("LOADING", "ghost-" + UUID.randomUUID(), "1 second", 300);
    UUID ownLeftover = insertJob("VALIDATING", imports.instance(), "1 second", 0);
    UUID legacyQueued = insertJob("QUEUED", null, null, 0);
    UUID legacyCommitted = insertJob("LOADING", null, null, 1000);
    jdbc.sql("""
        insert into audit_event (username, org_code, action, entity, entity_id, after)
        values ('kh-planner', 'KH', 'IMPORT', 'incident', :id, cast(:after as jsonb))
        """).param("id", legacyCommitted.toString()).param("after", "{\"rows\": 1000, \"imported\": 998}").update();

    imports.watch();

    String[] dead = state(deadInstance);
    assertThat(dead[0]).isEqualTo("FAILED");
    assertThat(dead[1]).isEqualTo("0");
    assertThat(dead[2]).startsWith("interrupted: the server running this import stopped answering; nothing was"
        + " imported (last heartbeat 2");
    assertThat(state(liveElsewhere)[0]).as("a live instance's job").isEqualTo("LOADING");
    jdbc.sql("update incident_import_job set state = 'FAILED' where id = :id").param("id", liveElsewhere).update();
    assertThat(state(ownLeftover)).containsExactly("FAILED", "0", "interrupted: the server running this import"
        + " stopped (crash, kill or restart) before it finished; nothing was imported");
    assertThat(state(legacyQueued)[0]).isEqualTo("FAILED");
    assertThat(state(legacyCommitted)).as("its rows were committed").containsExactly("DONE", "998", "");
    // The job JSON a polling client reads.
    assertThat(as("kh-planner").get("/api/incidents/import/jobs/" + deadInstance).json().path("importedCount").asInt())
        .isZero();
  }

  @Test
  void anUnfinishedJobCannotClaimImportedRows() {
    UUID id = insertJob("LOADING", "ghost", "1 second", 10);
    assertThatThrownBy(() -> jdbc.sql("update incident_import_job set imported_count = 10 where id = :id")
        .param("id", id).update()).isInstanceOf(DataIntegrityViolationException.class);
    jdbc.sql("update incident_import_job set state = 'FAILED' where id = :id").param("id", id).update();
  }

  @Test
  void startingSpoolRemovesWhatDeadServersLeftAndKeepsTheLiveOnes(@TempDir Path root) throws Exception {
    Path dead = Files.createDirectories(root.resolve("server-7-dead"));
    Files.writeString(dead.resolve("import-1.csv"), "x");
    Files.writeString(root.resolve("server-7-dead.lock"), "");
    Path live = Files.createDirectories(root.resolve("server-8-live"));
    Files.writeString(live.resolve("import-2.csv"), "x");
    Path oldOrphan = Files.createDirectories(root.resolve("server-9-orphan"));
    Files.writeString(oldOrphan.resolve("import-3.csv"), "x");
    Files.setLastModifiedTime(oldOrphan, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    Path youngOrphan = Files.createDirectories(root.resolve("server-10-young"));
    try (FileChannel ch = FileChannel.open(root.resolve("server-8-live.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock held = ch.lock()) {
      ImportSpool spool = new ImportSpool(new ImportProperties(null, root.toString(), Duration.ofSeconds(5),
          Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofMinutes(2)));
      try {
        assertThat(dead).doesNotExist();
        assertThat(root.resolve("server-7-dead.lock")).doesNotExist();
        assertThat(oldOrphan).doesNotExist();
        assertThat(live.resolve("import-2.csv")).as("a live server's file").exists();
        assertThat(youngOrphan).as("may be being created").exists();
        Path f = spool.newFile(".csv");
        assertThat(f.getParent()).isEqualTo(spool.dir());
        spool.delete(f);
        assertThat(f).doesNotExist();
      } finally {
        spool.close();
      }
      assertThat(spool.dir()).as("removed on shutdown").doesNotExist();
    }
  }
}

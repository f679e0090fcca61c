package org.borderzone.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.borderzone.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * {@code make backup} / {@code make restore} bring back exactly what was there: the test database is dumped
 * with scripts/backup.sh (at a snapshot exported by this test, so the writes of other tests cannot blur the
 * comparison), restored into a new database, and every table of schema public has the same row count and the
 * same checksum (md5 of all rows as text, in primary-key order) in both; sequences do not fall behind, and
 * the owner and the app role's grants come back with the data.
 */
class BackupRestoreIT extends IntegrationTest {

  private static final Pattern LOCAL_URL =
      Pattern.compile("jdbc:postgresql://(localhost|127\\.0\\.0\\.1):(\\d+)/([a-z_][a-z0-9_]*)(\\?.*)?");

  @Autowired
  Environment env;

  @Test
  void aRestoreBringsBackEveryRowOfEveryTable() throws Exception {
    String url = env.getRequiredProperty("spring.datasource.url");
    Matcher m = LOCAL_URL.matcher(url);
    assumeTrue(m.matches(), "backups are made on the project's own cluster (scripts/pg.sh), not on " + url);
    String port = m.group(2);
    String db = m.group(3);
    String restored = (db + "_restorecheck").substring(0, Math.min(54, db.length() + 13));
    String user = env.getRequiredProperty("spring.datasource.username");
    String password = env.getProperty("spring.datasource.password");
    Path dump = Files.createTempFile("borderzone-backup-it-", ".dump");
    try {
      Map<String, String> before;
      Map<String, Long> sequencesBefore;
      try (Connection c = DriverManager.getConnection(url, user, password)) {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        String snapshot = single(c, "select pg_export_snapshot()");
        before = checksums(c);
        sequencesBefore = sequences(c);
        // pg_dump sees exactly what this transaction sees, as long as it stays open.
        run(Map.of("BORDERZONE_PG_PORT", port, "BORDERZONE_DUMP_ARGS", "--snapshot=" + snapshot),
            "scripts/backup.sh", "backup", db, dump.toString());
        c.commit();
      }
      assertThat(Files.size(dump)).isPositive();
      run(Map.of("BORDERZONE_PG_PORT", port), "scripts/backup.sh", "restore", dump.toString(), restored);
      try (Connection c = DriverManager.getConnection(url.replace("/" + db, "/" + restored), user, password)) {
        Map<String, String> after = checksums(c);
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
        assertThat(after).containsExactlyEntriesOf(before);
        assertThat(before).containsKeys("incident", "audit_event", "app_user", "idempotency_key",
            "flyway_schema_history");
        assertThat(before.get("incident")).doesNotStartWith("0 ");
        Map<String, Long> sequencesAfter = sequences(c);
        assertThat(sequencesAfter.keySet()).isEqualTo(sequencesBefore.keySet());
        sequencesBefore.forEach((s, v) -> assertThat(sequencesAfter.get(s)).as(s).isGreaterThanOrEqualTo(v));
        // Owners and grants came back: still least privilege after a restore.
        assertThat(single(c, "select pg_get_userbyid(datdba) = current_user from pg_database"
            + " where datname = current_database()")).isEqualTo("f");
        assertThat(single(c, "select has_table_privilege('audit_event', 'INSERT')::text"
            + " || has_table_privilege('audit_event', 'UPDATE')::text")).isEqualTo("truefalse");
      }
    } finally {
      Files.deleteIfExists(dump);
      run(Map.of("BORDERZONE_PG_PORT", port), "scripts/pg.sh", "dropdb", restored);
    }
  }

  /** Per table of schema public: "rows md5", md5 of every row as text in primary-key order (else row order). */
  private static Map<String, String> checksums(Connection c) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
        select c.relname, coalesce((
          select string_agg(quote_ident(a.attname), ', ' order by k.ord)
          from pg_index i, unnest(i.indkey) with ordinality k(attnum, ord), pg_attribute a
          where i.indrelid = c.oid and i.indisprimary and a.attrelid = c.oid and a.attnum = k.attnum), 't::text')
        from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') order by 1
        """)) {
      while (rs.next()) {
        tables.add(new String[] {rs.getString(1), rs.getString(2)});
      }
    }
    Map<String, String> sums = new TreeMap<>();
    for (String[] t : tables) {
      sums.put(t[0], single(c, "select count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n' order by "
          + t[1] + "), '')) from public." + quote(t[0]) + " t"));
    }
    return sums;
  }

  private static Map<String, Long> sequences(Connection c) throws SQLException {
    Map<String, Long> seqs = new TreeMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
        "select sequencename, coalesce(last_value, 0) from pg_sequences where schemaname = 'public'")) {
      while (rs.next()) {
        seqs.put(rs.getString(1), rs.getLong(2));
      }
    }
    return seqs;
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /** Runs a script of the checkout (found above the working directory) and expects exit 0. */
  private static void run(Map<String, String> env, String script, String... args) throws Exception {
    Path root = Path.of("").toAbsolutePath();
    while (root != null && !Files.exists(root.resolve("scripts/pg.sh"))) {
      root = root.getParent();
    }
    assertThat(root).as("checkout with scripts/pg.sh above " + Path.of("").toAbsolutePath()).isNotNull();
    List<String> cmd = new ArrayList<>(List.of(root.resolve(script).toString()));
    cmd.addAll(List.of(args));
    File log = Files.createTempFile("borderzone-backup-it-", ".log").toFile();
    try {
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
          .redirectOutput(log);
      pb.environment().putAll(env);
      Process p = pb.start();
      assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", cmd)).isTrue();
      assertThat(p.exitValue()).as(String.join(" ", cmd) + ":\n" + Files.readString(log.toPath())).isZero();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      Files.deleteIfExists(log.toPath());
    }
  }
}

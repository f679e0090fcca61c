package org.borderzone.incidents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code borderzone.import.*}: how background import jobs survive crashes and shutdowns (docs/OPERATIONS.md).
 *
 * @param instanceId who runs the jobs of this server; stable across restarts so that a restarted instance
 *     fails its own interrupted jobs at once. Empty: host name and port (or host name and process id when the
 *     port is random)
 * @param spoolDir where request bodies are spooled before they are imported; empty: {@code
 *     java.io.tmpdir/borderzone-spool}. Each running server has a locked directory of its own in it; the
 *     directories of dead servers are removed at start
 * @param heartbeat how often a server refreshes the heartbeat of its queued and running jobs (and looks for
 *     jobs of dead servers)
 * @param staleAfter a job whose heartbeat is older than this belongs to a dead server and is marked FAILED
 * @param shutdownGrace on SIGTERM a running job gets this long to finish; then it is marked FAILED and its
 *     transaction cancelled (keep it below {@code spring.lifecycle.timeout-per-shutdown-phase})
 * @param failRetryFor how long recording a job's FAILED state is retried while the database is unreachable
 */
@ConfigurationProperties("borderzone.import")
record ImportProperties(
    String instanceId,
    String spoolDir,
    @DefaultValue("5s") Duration heartbeat,
    @DefaultValue("30s") Duration staleAfter,
    @DefaultValue("20s") Duration shutdownGrace,
    @DefaultValue("2m") Duration failRetryFor) {}

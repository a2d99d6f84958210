package org.normlab.api.experiment;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether heartbeats reach the scheduler at all. A silent worker and a broken pipe (Kafka down, or
 * the API cut off from it) look the same from one worker's lease, so a lease counts as lost only if
 * it ran out before some worker was last heard (the pipe worked after this worker fell silent), and
 * when heartbeats come back after a silence of every worker, every lease starts afresh (the order in
 * which the returning heartbeats are processed must not expire anyone). A broker restart therefore
 * costs no run a restart. The price: if all workers die together, their runs are re-queued one lease
 * after a worker returns, the earliest they could run anyway. State lives in PostgreSQL, so any API
 * replica can judge it.
 */
@Component
class HeartbeatPipe {

  private final JdbcClient jdbc;
  private final SchedulerProperties properties;

  HeartbeatPipe(JdbcClient jdbc, SchedulerProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  /** When any worker's heartbeat was last recorded, or null before the first one. */
  Instant lastHeard() {
    return latestHeartbeat();
  }

  /**
   * Called before a heartbeat is recorded: after a silence, restarts every on-worker lease from
   * {@code now}. Returns the silence that ended, or null when heartbeats were flowing.
   */
  Duration resumeAfterSilence(Instant now) {
    Instant latest = latestHeartbeat();
    if (latest == null || latest.isAfter(now.minus(properties.heartbeatSilence()))) {
      return null;
    }
    jdbc.sql("UPDATE experiments SET lease_expires_at = GREATEST(lease_expires_at, ?), version = version + 1"
            + " WHERE status IN ('DISPATCHED', 'RUNNING', 'PAUSING')")
        .param(Timestamp.from(now.plus(properties.lease())))
        .update();
    return Duration.between(latest, now);
  }

  private Instant latestHeartbeat() {
    // max() of no rows is one NULL row: optional() maps it to empty, single() would throw.
    return jdbc.sql("SELECT max(last_heartbeat_at) FROM workers").query(Timestamp.class).optional()
        .map(Timestamp::toInstant).orElse(null);
  }
}

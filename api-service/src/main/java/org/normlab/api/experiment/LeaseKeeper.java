package org.normlab.api.experiment;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.normlab.api.outbox.OutboxWriter;
import org.normlab.contracts.Topics;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.worker.WorkerHeartbeat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Turns worker heartbeats into leases. A heartbeat renews the lease of each attempt the worker runs
 * that is still the run's current attempt on that worker; any other attempt it names is stale (its
 * run moved on, or was cancelled) and the worker is told to stop it, so that no run is ever trained
 * by two workers at once.
 */
@Component
class LeaseKeeper {

  private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

  private final JdbcClient jdbc;
  private final OutboxWriter outbox;
  private final SchedulerProperties properties;
  private final HeartbeatPipe pipe;

  LeaseKeeper(JdbcClient jdbc, OutboxWriter outbox, SchedulerProperties properties, HeartbeatPipe pipe) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.properties = properties;
    this.pipe = pipe;
  }

  @Transactional
  public void onHeartbeat(WorkerHeartbeat heartbeat) {
    Instant now = Instant.now();
    Duration silence = pipe.resumeAfterSilence(now);
    if (silence != null) {
      log.info("Heartbeats resumed after {} ms of silence from every worker; leases restart now", silence.toMillis());
    }
    jdbc.sql("INSERT INTO workers (worker_id, slots, active_attempts, last_heartbeat_at) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (worker_id) DO UPDATE SET slots = excluded.slots,"
            + " active_attempts = excluded.active_attempts, last_heartbeat_at = excluded.last_heartbeat_at")
        .params(heartbeat.workerId(), heartbeat.slots(), heartbeat.active().size(), Timestamp.from(now))
        .update();
    for (WorkerHeartbeat.ActiveAttempt active : heartbeat.active()) {
      if (!renew(active.runId(), active.attempt(), heartbeat.workerId(), now)) {
        outbox.append(Topics.RUN_CONTROL, active.runId().toString(), RunControl.of(active.runId(), active.attempt(),
            RunControl.Action.CANCEL, "attempt " + active.attempt() + " is not the run's current attempt on this worker"));
      }
    }
  }

  /** Extends the lease of a current attempt; false when the attempt is not current on that worker. */
  boolean renew(UUID runId, int attempt, String worker, Instant now) {
    return jdbc.sql("UPDATE experiments SET lease_expires_at = ?, version = version + 1"
            + " WHERE id = ? AND attempt = ? AND assigned_worker = ? AND status IN ('DISPATCHED', 'RUNNING', 'PAUSING')")
        .params(Timestamp.from(now.plus(properties.lease())), runId, attempt, worker)
        .update() == 1;
  }
}

package org.normlab.api.experiment;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The trainers the scheduler knows, with their capacity and whether they count as live. */
@RestController
class WorkerController {

  record WorkerView(String workerId, int slots, int activeAttempts, Instant lastHeartbeatAt, boolean live) {}

  private final JdbcClient jdbc;
  private final SchedulerProperties properties;

  WorkerController(JdbcClient jdbc, SchedulerProperties properties) {
    this.jdbc = jdbc;
    this.properties = properties;
  }

  @GetMapping("/api/v1/workers")
  List<WorkerView> workers() {
    Instant liveSince = Instant.now().minus(properties.workerLiveness());
    return jdbc.sql("SELECT worker_id, slots, active_attempts, last_heartbeat_at FROM workers ORDER BY worker_id")
        .query((rs, i) -> {
          Instant last = rs.getTimestamp(4).toInstant();
          return new WorkerView(rs.getString(1), rs.getInt(2), rs.getInt(3), last, last.isAfter(liveSince));
        })
        .list();
  }
}

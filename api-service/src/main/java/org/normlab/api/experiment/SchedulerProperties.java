package org.normlab.api.experiment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Scheduler timings.
 *
 * @param lease how long an attempt stays assigned after its worker's last sign of life (heartbeat
 *     or event); the time to detect a dead worker
 * @param dispatchLease how long a dispatched attempt may take to start before it is re-dispatched
 * @param workerLiveness how recent a worker's heartbeat must be for it to receive new runs
 */
@ConfigurationProperties("normlab.scheduler")
record SchedulerProperties(Duration lease, Duration dispatchLease, Duration workerLiveness) {
  SchedulerProperties {
    lease = lease == null ? Duration.ofSeconds(15) : lease;
    dispatchLease = dispatchLease == null ? Duration.ofSeconds(30) : dispatchLease;
    workerLiveness = workerLiveness == null ? Duration.ofSeconds(10) : workerLiveness;
  }
}

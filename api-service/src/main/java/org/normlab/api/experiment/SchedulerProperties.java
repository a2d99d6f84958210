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
 * @param heartbeatSilence how long no worker at all may be heard before the scheduler takes the
 *     heartbeat pipe, not the workers, to have been down, and restarts every lease when heartbeats
 *     return (see {@link HeartbeatPipe}); longer than the workers' heartbeat interval
 * @param policyRefresh how long an API instance trusts its copy of the owners' policies (weights,
 *     priority limits) before reading them again; a change made through it applies at once
 */
@ConfigurationProperties("normlab.scheduler")
record SchedulerProperties(Duration lease, Duration dispatchLease, Duration workerLiveness,
    Duration heartbeatSilence, Duration policyRefresh) {
  SchedulerProperties {
    lease = lease == null ? Duration.ofSeconds(15) : lease;
    dispatchLease = dispatchLease == null ? Duration.ofSeconds(30) : dispatchLease;
    workerLiveness = workerLiveness == null ? Duration.ofSeconds(10) : workerLiveness;
    heartbeatSilence = heartbeatSilence == null ? Duration.ofSeconds(6) : heartbeatSilence;
    policyRefresh = policyRefresh == null ? Duration.ofSeconds(5) : policyRefresh;
    if (heartbeatSilence.compareTo(lease) >= 0) {
      // Otherwise a broker outage would expire leases before it is recognised as one.
      throw new IllegalArgumentException("normlab.scheduler.heartbeat-silence (" + heartbeatSilence
          + ") must be shorter than normlab.scheduler.lease (" + lease + ")");
    }
  }
}

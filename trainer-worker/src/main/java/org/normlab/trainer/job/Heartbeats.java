package org.normlab.trainer.job;

import java.util.concurrent.atomic.AtomicBoolean;
import org.normlab.contracts.worker.WorkerHeartbeat;
import org.normlab.trainer.reporting.HeartbeatPublisher;
import org.normlab.trainer.system.WorkerIdentity;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Heartbeats start only once this worker's dispatch consumer has its partitions, so that the
 * scheduler never assigns a run to a worker that cannot yet see the dispatch.
 */
@Component
class Heartbeats {

  private final ActiveRuns active;
  private final TrainingSlots slots;
  private final HeartbeatPublisher publisher;
  private final WorkerIdentity worker;
  private final AtomicBoolean ready = new AtomicBoolean();

  Heartbeats(ActiveRuns active, TrainingSlots slots, HeartbeatPublisher publisher, WorkerIdentity worker) {
    this.active = active;
    this.slots = slots;
    this.publisher = publisher;
    this.worker = worker;
  }

  /** Called once the dispatch consumer is positioned at the end of its partitions. */
  void dispatchConsumerReady() {
    ready.set(true);
  }

  @Scheduled(fixedRateString = "${normlab.heartbeat-interval:2s}")
  void beat() {
    if (ready.get()) {
      publisher.publish(WorkerHeartbeat.of(worker.id(), slots.slots(), active.snapshot()));
    }
  }
}

package org.normlab.trainer.job;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.trainer.system.WorkerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Reads every dispatch (each trainer has its own consumer group) and takes those the scheduler
 * assigned to this worker. Training runs on the slot pool, never on the poll thread, so a run of
 * hours neither blocks the consumer nor triggers a rebalance.
 */
@Component
class RunDispatchListener implements ConsumerSeekAware {

  private static final Logger log = LoggerFactory.getLogger(RunDispatchListener.class);

  private final TrainingSlots slots;
  private final WorkerIdentity worker;
  private final Heartbeats heartbeats;

  RunDispatchListener(TrainingSlots slots, WorkerIdentity worker, Heartbeats heartbeats) {
    this.slots = slots;
    this.worker = worker;
    this.heartbeats = heartbeats;
  }

  /**
   * Old dispatches are the scheduler's past: it re-dispatches whatever lost its lease. Start at the
   * end, then announce the worker with heartbeats.
   */
  @Override
  public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
    callback.seekToEnd(assignments.keySet());
    heartbeats.dispatchConsumerReady();
  }

  @KafkaListener(id = "trainer-dispatch", topics = Topics.RUN_DISPATCH, groupId = "normlab-trainer-${normlab.worker-id}",
      properties = "auto.offset.reset=latest")
  void onDispatch(ConsumerRecord<String, String> record) {
    RunDispatch dispatch = ContractCodec.decode(record.value(), RunDispatch.class, RunDispatch.SCHEMA_VERSION);
    if (!worker.id().equals(dispatch.assignedWorker())) {
      return;
    }
    try (RunLogContext context = RunLogContext.of(dispatch.runId(), dispatch.attempt())) {
      log.info("Run {} attempt {} assigned to this worker{}", dispatch.runId(), dispatch.attempt(),
          dispatch.resumeFrom() == null ? "" : " (resume from iteration " + dispatch.resumeFrom().iteration() + ")");
    }
    slots.submit(dispatch);
  }
}

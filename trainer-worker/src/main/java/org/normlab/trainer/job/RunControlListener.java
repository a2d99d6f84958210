package org.normlab.trainer.job;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.RunControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads every control command and passes those for attempts running here to the training loop. */
@Component
class RunControlListener {

  private static final Logger log = LoggerFactory.getLogger(RunControlListener.class);

  private final ActiveRuns active;

  RunControlListener(ActiveRuns active) {
    this.active = active;
  }

  @KafkaListener(id = "trainer-control", topics = Topics.RUN_CONTROL, groupId = "normlab-trainer-control-${normlab.worker-id}",
      properties = "auto.offset.reset=latest")
  void onControl(ConsumerRecord<String, String> record) {
    RunControl control = ContractCodec.decode(record.value(), RunControl.class, RunControl.SCHEMA_VERSION);
    if (active.requestStop(control.runId(), control.attempt(), control.action())) {
      log.info("Run {} attempt {}: {} requested ({})", control.runId(), control.attempt(), control.action(),
          control.reason());
    }
  }
}

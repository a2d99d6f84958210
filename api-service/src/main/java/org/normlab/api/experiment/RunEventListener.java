package org.normlab.api.experiment;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.normlab.api.system.RunLogContext;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.RunEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@link Topics#RUN_EVENTS}; bad messages throw and end in the dead-letter topic. */
@Component
class RunEventListener {

  private static final Logger log = LoggerFactory.getLogger(RunEventListener.class);

  private final RunEventIngestor ingestor;

  RunEventListener(RunEventIngestor ingestor) {
    this.ingestor = ingestor;
  }

  @KafkaListener(id = "api-run-events", topics = Topics.RUN_EVENTS)
  void onEvent(ConsumerRecord<String, String> record) {
    RunEvent event = ContractCodec.decode(record.value(), RunEvent.class, RunEvent.SCHEMA_VERSION);
    try (RunLogContext context = RunLogContext.of(event.runId(), event.attempt())) {
      log.debug("Run event key={} type={} seq={}", record.key(), event.type(), event.sequence());
      ingestor.ingest(event);
    }
  }
}

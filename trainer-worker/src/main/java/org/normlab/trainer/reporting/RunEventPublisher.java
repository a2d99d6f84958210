package org.normlab.trainer.reporting;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.RunEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes run events keyed by run id, so that one run's events stay in order on one partition.
 * Waits for the broker's acknowledgement: a checkpoint is announced only once it is durable.
 */
@Component
public class RunEventPublisher {

  /**
   * Longer than the producer's own delivery timeout (120 s): a broker restart delays the caller but
   * loses nothing, since the producer retries idempotently until the broker is back.
   */
  static final long SEND_TIMEOUT_SECONDS = 150;

  private final KafkaTemplate<String, String> kafka;

  RunEventPublisher(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  public void publish(RunEvent event) {
    try {
      kafka.send(Topics.RUN_EVENTS, event.runId().toString(), ContractCodec.encode(event)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing " + event.type(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge " + event.type() + " of run " + event.runId(), e);
    }
  }
}

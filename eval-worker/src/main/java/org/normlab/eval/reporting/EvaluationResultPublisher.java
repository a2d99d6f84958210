package org.normlab.eval.reporting;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes results keyed by run id and waits for the broker's acknowledgement. */
@Component
public class EvaluationResultPublisher {

  /**
   * Longer than the producer's own delivery timeout (120 s): a broker restart delays the caller but
   * loses nothing, since the producer retries idempotently until the broker is back.
   */
  static final long SEND_TIMEOUT_SECONDS = 150;

  private final KafkaTemplate<String, String> kafka;

  EvaluationResultPublisher(KafkaTemplate<String, String> kafka) {
    this.kafka = kafka;
  }

  public void publish(EvaluationCompleted result) {
    try {
      kafka.send(Topics.EVAL_RESULTS, result.runId().toString(), ContractCodec.encode(result)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing evaluation " + result.evaluationId(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka did not acknowledge evaluation " + result.evaluationId(), e);
    }
  }
}

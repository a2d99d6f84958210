package org.normlab.api.evaluation;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.normlab.api.system.RunLogContext;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@link Topics#EVAL_RESULTS}; bad messages throw and end in the dead-letter topic. */
@Component
class EvaluationResultListener {

  private final EvaluationRecorder recorder;

  EvaluationResultListener(EvaluationRecorder recorder) {
    this.recorder = recorder;
  }

  @KafkaListener(id = "api-eval-results", topics = Topics.EVAL_RESULTS)
  void onResult(ConsumerRecord<String, String> record) {
    EvaluationCompleted result =
        ContractCodec.decode(record.value(), EvaluationCompleted.class, EvaluationCompleted.SCHEMA_VERSION);
    try (RunLogContext context = RunLogContext.of(result.runId(), null)) {
      recorder.record(result);
    }
  }
}

package org.normlab.eval.job;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.EvaluationRequested;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Reads {@link Topics#EVAL_REQUESTS}, one evaluation at a time. */
@Component
class EvaluationRequestListener {

  private final EvaluationHandler handler;

  EvaluationRequestListener(EvaluationHandler handler) {
    this.handler = handler;
  }

  @KafkaListener(id = "eval-requests", topics = Topics.EVAL_REQUESTS)
  void onRequest(ConsumerRecord<String, String> record) {
    handler.handle(ContractCodec.decode(record.value(), EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION));
  }
}

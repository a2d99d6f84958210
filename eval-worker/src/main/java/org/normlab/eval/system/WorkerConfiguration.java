package org.normlab.eval.system;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.apache.kafka.common.TopicPartition;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractViolationException;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration
class WorkerConfiguration {

  @Bean
  WorkerIdentity workerIdentity(WorkerProperties properties) {
    String id = properties.workerId();
    return new WorkerIdentity(id == null || id.isBlank()
        ? "eval-" + ManagementFactory.getRuntimeMXBean().getName() : id);
  }

  @Bean
  CheckpointStore checkpointStore(WorkerProperties properties) {
    return new DirectoryCheckpointStore(properties.checkpointDir());
  }

  @Bean
  DatasetCatalog datasetCatalog(WorkerProperties properties) {
    if (properties.datasets().isEmpty()) {
      return DatasetCatalog.defaults();
    }
    return DatasetCatalog.of(properties.datasets().entrySet().stream()
        .map(e -> new DatasetDefinition(e.getKey(),
            DatasetFormat.valueOf(e.getValue().format().toUpperCase(Locale.ROOT).replace('-', '_')),
            e.getValue().location(), e.getValue().numClasses(), e.getValue().channels(), e.getValue().height(),
            e.getValue().width()))
        .toList());
  }

  /** Undecodable requests are poison: straight to the dead-letter topic. */
  @Bean
  DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template, MeterRegistry meters) {
    // Registered at 0 for every topic this worker consumes, so dashboards see a series before the first.
    for (String topic : List.of(Topics.EVAL_REQUESTS)) {
      meters.counter("normlab.kafka.dead.letters", "topic", topic);
    }
    var recoverer = new DeadLetterPublishingRecoverer(template, (record, e) -> {
      meters.counter("normlab.kafka.dead.letters", "topic", record.topic()).increment();
      return new TopicPartition(Topics.deadLetter(record.topic()), -1);
    });
    var handler = new DefaultErrorHandler(recoverer, new FixedBackOff(1000L, 2));
    handler.addNotRetryableExceptions(ContractViolationException.class);
    return handler;
  }
}

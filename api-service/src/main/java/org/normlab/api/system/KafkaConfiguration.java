package org.normlab.api.system;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.normlab.api.evaluation.UnknownEvaluationException;
import org.normlab.api.experiment.UnknownRunException;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractViolationException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Topics the platform needs (created if absent) and the consumers' error policy: transient
 * failures are retried a few times; poison messages go straight to {@code <topic>.DLT}.
 */
@Configuration
class KafkaConfiguration {

  @Bean
  KafkaAdmin.NewTopics normlabTopics(
      @Value("${normlab.kafka.partitions:6}") int partitions,
      @Value("${normlab.kafka.replication-factor:1}") short replicas) {
    String[] topics = {Topics.RUN_DISPATCH, Topics.RUN_EVENTS, Topics.RUN_CONTROL, Topics.WORKER_HEARTBEATS,
        Topics.EVAL_REQUESTS, Topics.EVAL_RESULTS};
    NewTopic[] all = new NewTopic[topics.length * 2];
    for (int i = 0; i < topics.length; i++) {
      all[2 * i] = TopicBuilder.name(topics[i]).partitions(partitions).replicas(replicas).build();
      all[2 * i + 1] = TopicBuilder.name(Topics.deadLetter(topics[i])).partitions(1).replicas(replicas).build();
    }
    return new KafkaAdmin.NewTopics(all);
  }

  @Bean
  DefaultErrorHandler kafkaErrorHandler(KafkaTemplate<String, String> template, MeterRegistry meters) {
    // Registered at 0 for every topic this service consumes, so dashboards see a series before the first.
    for (String topic : List.of(Topics.RUN_EVENTS, Topics.WORKER_HEARTBEATS, Topics.EVAL_RESULTS)) {
      meters.counter("normlab.kafka.dead.letters", "topic", topic);
    }
    var recoverer = new DeadLetterPublishingRecoverer(template, (record, e) -> {
      meters.counter("normlab.kafka.dead.letters", "topic", record.topic()).increment();
      return new TopicPartition(Topics.deadLetter(record.topic()), -1);
    });
    var handler = new DefaultErrorHandler(recoverer, new FixedBackOff(500L, 3));
    handler.addNotRetryableExceptions(
        ContractViolationException.class, UnknownRunException.class, UnknownEvaluationException.class);
    // While the database is unreachable, nothing is wrong with the message: keep retrying it (the
    // partition waits) instead of dead-lettering a good event.
    handler.setBackOffFunction((record, e) -> DatabaseOutage.isCause(e) ? new FixedBackOff(2000L, FixedBackOff.UNLIMITED_ATTEMPTS) : null);
    return handler;
  }
}

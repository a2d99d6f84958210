package org.normlab.api.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Reads and writes topics of the test broker directly, as a worker would. */
public final class TopicProbe {

  private TopicProbe() {}

  public static void send(String topic, String key, String value) {
    try {
      Producer.INSTANCE.send(new ProducerRecord<>(topic, key, value)).get();
    } catch (Exception e) {
      throw new IllegalStateException("Could not send to " + topic, e);
    }
  }

  /**
   * One producer for the whole test JVM. A producer per record cost a connection and a metadata
   * round trip each time, which on a loaded machine delayed simulated heartbeats past the 3 s test
   * lease.
   */
  private static final class Producer {
    static final KafkaProducer<String, String> INSTANCE = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
  }

  /** Waits up to {@code timeout} for a record of {@code topic} that matches, reading from the start. */
  public static Optional<ConsumerRecord<String, String>> await(
      String topic, Predicate<ConsumerRecord<String, String>> matches, Duration timeout) {
    Map<String, Object> config = Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Infrastructure.kafkaBootstrap(),
        ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    Instant deadline = Instant.now().plus(timeout);
    try (var consumer = new KafkaConsumer<String, String>(config)) {
      consumer.subscribe(List.of(topic));
      while (Instant.now().isBefore(deadline)) {
        List<ConsumerRecord<String, String>> seen = new ArrayList<>();
        consumer.poll(Duration.ofMillis(250)).forEach(seen::add);
        Optional<ConsumerRecord<String, String>> hit = seen.stream().filter(matches).findFirst();
        if (hit.isPresent()) {
          return hit;
        }
      }
    }
    return Optional.empty();
  }
}

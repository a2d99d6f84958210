package org.normlab.api.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * One real PostgreSQL server and one real KRaft Kafka broker per test JVM, started on first use
 * and stopped when the JVM exits. Tests point Spring at them through dynamic properties.
 */
public final class Infrastructure {

  private static EmbeddedPostgres postgres;
  private static EmbeddedKafkaKraftBroker kafka;

  private Infrastructure() {}

  public static synchronized void register(DynamicPropertyRegistry registry) {
    start();
    registry.add("spring.datasource.url", () -> postgres.getJdbcUrl("postgres", "postgres"));
    registry.add("spring.datasource.username", () -> "postgres");
    registry.add("spring.datasource.password", () -> "postgres");
    registry.add("spring.kafka.bootstrap-servers", kafka::getBrokersAsString);
  }

  public static synchronized String kafkaBootstrap() {
    start();
    return kafka.getBrokersAsString();
  }

  private static void start() {
    if (postgres != null) {
      return;
    }
    try {
      postgres = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
    }
    kafka = new EmbeddedKafkaKraftBroker(1, 2);
    kafka.afterPropertiesSet();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      kafka.destroy();
      try {
        postgres.close();
      } catch (IOException ignored) {
        // the JVM is exiting; the server's temp directory is removed by zonky either way
      }
    }, "test-infrastructure-stop"));
  }
}

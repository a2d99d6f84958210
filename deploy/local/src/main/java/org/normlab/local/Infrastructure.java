package org.normlab.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real PostgreSQL server (zonky's embedded binaries, on the configured port) and a real
 * single-node KRaft Kafka broker, both in this JVM.
 */
final class Infrastructure implements AutoCloseable {

  static final int PARTITIONS = 6;

  private final EmbeddedPostgres postgres;
  private final EmbeddedKafkaKraftBroker kafka;

  private Infrastructure(EmbeddedPostgres postgres, EmbeddedKafkaKraftBroker kafka) {
    this.postgres = postgres;
    this.kafka = kafka;
  }

  static Infrastructure start(StackConfig config) throws IOException {
    Files.createDirectories(config.workDir());
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
        .setPort(config.postgresPort())
        .setOverrideWorkingDirectory(config.workDir().resolve("postgres-runtime").toFile())
        .start();
    // Kafka's test kit binds its own free ports (it ignores requested ones); the launcher hands the
    // actual address to every service and prints it.
    EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
    try {
      kafka.afterPropertiesSet();
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
    return new Infrastructure(postgres, kafka);
  }

  String kafkaBootstrap() {
    return kafka.getBrokersAsString();
  }

  String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void close() throws IOException {
    try {
      kafka.destroy();
    } finally {
      postgres.close();
    }
  }
}

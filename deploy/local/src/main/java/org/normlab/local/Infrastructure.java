package org.normlab.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server (zonky's embedded binaries) and a real single-node KRaft Kafka broker
 * (the kafka_2.13 server in a child JVM), each on fixed ports with a data directory under the
 * stack's work directory. Both start empty with the stack, and either can go down and come back
 * with its data while the services run: that is what the fault tests do.
 */
final class Infrastructure implements AutoCloseable {

  static final int PARTITIONS = 6;

  private final StackConfig config;
  private EmbeddedPostgres postgres;
  private KafkaBroker kafka;

  private Infrastructure(StackConfig config) {
    this.config = config;
  }

  static Infrastructure start(StackConfig config) throws IOException, InterruptedException {
    Files.createDirectories(config.workDir());
    Infrastructure infrastructure = new Infrastructure(config);
    try {
      infrastructure.postgres = infrastructure.startPostgres(true);
      infrastructure.kafka = KafkaBroker.start(config.workDir().resolve("kafka"), config.kafkaPort(), PARTITIONS);
    } catch (IOException | InterruptedException | RuntimeException e) {
      infrastructure.close();
      throw e;
    }
    return infrastructure;
  }

  private EmbeddedPostgres startPostgres(boolean fresh) throws IOException {
    if (fresh) {
      Directories.deleteRecursively(postgresData());
    }
    return EmbeddedPostgres.builder()
        .setPort(config.postgresPort())
        .setDataDirectory(postgresData())
        // zonky's "clean" also deletes the directory on close, which would lose it across a restart.
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(config.workDir().resolve("postgres-runtime").toFile())
        .start();
  }

  private Path postgresData() {
    return config.workDir().resolve("postgres-data");
  }

  String kafkaBootstrap() {
    return kafka.bootstrap();
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/postgres";
  }

  /** Kills the broker (SIGKILL), keeps it down for {@code downtime}, starts it on its old data. */
  synchronized void crashAndRestartKafka(java.time.Duration downtime) throws IOException, InterruptedException {
    kafka.crash();
    Thread.sleep(downtime.toMillis());
    kafka.restart();
  }

  /** Stops PostgreSQL (fast shutdown), keeps it down for {@code downtime}, starts it on its data. */
  synchronized void restartPostgres(java.time.Duration downtime) throws IOException, InterruptedException {
    postgres.close();
    postgres = null;
    Thread.sleep(downtime.toMillis());
    postgres = startPostgres(false);
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (kafka != null) {
        kafka.close();
      }
    } finally {
      if (postgres != null) {
        postgres.close();
      }
    }
  }
}

package org.normlab.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) run from the kafka_2.13 jars
 * in a child JVM, on fixed ports and a data directory that outlives it: it can crash and be
 * started again with its log intact, which fault tests need and an in-process broker cannot do.
 */
final class KafkaBroker implements AutoCloseable {

  private static final Duration READY = Duration.ofSeconds(90);

  private final Path home;
  private final int port;
  private final int partitions;
  private Process process;

  private KafkaBroker(Path home, int port, int partitions) {
    this.home = home;
    this.port = port;
    this.partitions = partitions;
  }

  /**
   * Formats a fresh data directory under {@code home} and starts the broker on {@code port} (its
   * controller on {@code port + 1}); returns once the broker accepts connections.
   */
  static KafkaBroker start(Path home, int port, int partitions) throws IOException, InterruptedException {
    KafkaBroker broker = new KafkaBroker(home, port, partitions);
    broker.format();
    broker.launch();
    return broker;
  }

  String bootstrap() {
    return "127.0.0.1:" + port;
  }

  /** SIGKILL, as a crashed broker: nothing is flushed beyond what the OS already has. */
  synchronized void crash() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      process = null;
    }
  }

  /** Starts the broker again on the same ports and data; returns once it accepts connections. */
  synchronized void restart() throws IOException, InterruptedException {
    crash();
    launch();
  }

  private void format() throws IOException, InterruptedException {
    Files.createDirectories(home);
    Path data = home.resolve("data");
    Directories.deleteRecursively(data);
    Files.writeString(home.resolve("server.properties"), serverProperties(data));
    Files.writeString(home.resolve("logback.xml"), LOGBACK);
    Process format = javaCommand("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
        home.resolve("server.properties").toString())
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("format.log").toFile())
        .start();
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      format.destroyForcibly();
      throw new IllegalStateException("Formatting Kafka's storage failed; see " + home.resolve("format.log"));
    }
  }

  private synchronized void launch() throws IOException, InterruptedException {
    process = javaCommand("kafka.Kafka", home.resolve("server.properties").toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("broker.log").toFile()))
        .start();
    Instant deadline = Instant.now().plus(READY);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka exited with code " + process.exitValue() + "; see "
            + home.resolve("broker.log"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("Kafka did not listen on :" + port + " within " + READY);
  }

  /**
   * This JVM's own classpath carries the kafka_2.13 server jars. Run from the executable jar, the
   * classes sit inside it, so Spring Boot's PropertiesLauncher opens it for the child.
   */
  private ProcessBuilder javaCommand(String mainClass, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
        "-Dlogback.configurationFile=" + home.resolve("logback.xml")));
    String classpath = System.getProperty("java.class.path");
    if (classpath.endsWith("-exec.jar")) {
      command.addAll(List.of("-Dloader.main=" + mainClass, "-cp", classpath,
          "org.springframework.boot.loader.launch.PropertiesLauncher"));
    } else {
      command.addAll(List.of("-cp", classpath, mainClass));
    }
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  private String serverProperties(Path data) {
    int controller = port + 1;
    return String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controller,
        "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "log.dirs=" + data,
        "num.partitions=" + partitions,
        "offsets.topic.replication.factor=1",
        "offsets.topic.num.partitions=" + partitions,
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "share.coordinator.state.topic.replication.factor=1",
        "share.coordinator.state.topic.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "auto.create.topics.enable=true",
        "");
  }

  /**
   * A Kafka cluster id: 16 random bytes, URL-safe base64 without padding, never starting with '-'
   * (the storage tool's argument parser would read it as an option; Kafka's own Uuid.randomUuid
   * draws again for the same reason: 1 id in 64 failed the format).
   */
  static String clusterId() {
    String id;
    do {
      UUID uuid = UUID.randomUUID();
      java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
      bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
      id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    } while (id.startsWith("-"));
    return id;
  }

  /** Without a configuration logback logs every DEBUG line of the broker. */
  private static final String LOGBACK = """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
        </appender>
        <root level="WARN"><appender-ref ref="OUT"/></root>
        <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
      </configuration>
      """;

  /** SIGTERM, then SIGKILL after 20 s. */
  @Override
  public synchronized void close() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }
}

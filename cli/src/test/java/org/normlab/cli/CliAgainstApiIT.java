package org.normlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.api.ApiServiceApplication;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.CheckpointRef;
import tools.jackson.databind.JsonNode;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.worker.WorkerHeartbeat;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import picocli.CommandLine;

/**
 * The CLI against the real API service: started in this JVM on embedded PostgreSQL and a real
 * KRaft broker (as api-service's ITs run it), called through the same command line a shell gets.
 * No trainer runs, so submitted runs stay queued: the tests drive them by cancel, pause and resume.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliAgainstApiIT {

  private static final String ADMIN = "cli-it-bootstrap-admin-token-0123456789abcdef";

  private static EmbeddedPostgres postgres;
  private static EmbeddedKafkaKraftBroker kafka;
  private static ConfigurableApplicationContext api;
  private static String apiUrl;

  @TempDir
  Path dir;

  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void startApi() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    kafka = new EmbeddedKafkaKraftBroker(1, 2);
    kafka.afterPropertiesSet();
    // Command-line arguments: they outrank application.yml (default properties would not).
    api = new SpringApplicationBuilder(ApiServiceApplication.class).run(
        "--server.port=0",
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=postgres",
        "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
        "--normlab.auth.bootstrap-token=" + ADMIN,
        "--logging.structured.format.console=");
    apiUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stopApi() throws IOException {
    if (api != null) {
      api.close();
    }
    if (kafka != null) {
      kafka.destroy();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private int normlab(String token, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine line = new NormlabCli(Map.of(), dir, false).commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + (token == null ? 2 : 4)];
    all[0] = "--api-url";
    all[1] = apiUrl;
    if (token != null) {
      all[2] = "--token";
      all[3] = token;
    }
    System.arraycopy(args, 0, all, all.length - args.length, args.length);
    return line.execute(all);
  }

  private Path spec(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static final String VALID = """
      name: %s
      dataset: fashion-mnist
      backbone: resnet10
      norm: "gn:8"
      baseWidth: 16
      batchSize: 32
      epochs: 1
      optimizer: {lr: 0.1, schedule: {type: cosine}}
      """;

  private UUID submitted(String output) {
    return UUID.fromString(output.strip().split(" ")[0]);
  }

  @Test
  void aSubmittedSpecIsQueuedAndShowAndListFindIt() throws IOException {
    Path file = spec("spec.yaml", VALID.formatted("cli submit"));

    assertThat(normlab(ADMIN, "submit", file.toString())).isEqualTo(ExitCodes.OK);
    UUID id = submitted(out.toString());
    assertThat(out.toString()).contains("QUEUED cli submit");

    assertThat(normlab(ADMIN, "runs", "show", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("status", "QUEUED", "spec.norm", "gn:8", "resnet10");

    assertThat(normlab(ADMIN, "runs", "list", "--name", "cli submit", "--status", "queued")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains(id.toString(), "1 run(s)");
  }

  @Test
  void anInvalidSpecExitsFourAndPrintsEveryBadFieldWithItsAllowedValues() throws IOException {
    Path file = spec("bad.json", """
        {"name": "bad", "dataset": "fashion-mnist", "backbone": "resnet5O", "norm": "bn",
         "batchSize": 32, "normBatchSize": 5, "epochs": 1}
        """);

    assertThat(normlab(ADMIN, "submit", file.toString())).isEqualTo(ExitCodes.INVALID);

    List<String> lines = err.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("normlab: HTTP 400 invalid-request");
    assertThat(lines).anyMatch(l -> l.startsWith("  backbone: ") && l.contains("rejected: resnet5O")
        && l.contains("allowed: ") && l.contains("resnet50"));
    assertThat(lines).anyMatch(l -> l.startsWith("  normBatchSize: ") && l.contains("rejected: 5"));
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aSweepSubmitsEveryCombinationAndAnIdempotencyKeyReplaysThem() throws IOException {
    Path file = spec("base.yaml", VALID.formatted("cli sweep"));
    Path grid = spec("grid.yaml", "norm: [bn, \"gn:8\"]\nbatchSize: [16, 32]\n");

    assertThat(normlab(ADMIN, "submit", file.toString(), "--sweep", grid.toString(), "--idempotency-key",
        "cli-sweep-1")).isEqualTo(ExitCodes.OK);
    List<String> first = out.toString().lines().toList();
    assertThat(first).hasSize(4);
    assertThat(first.get(1)).endsWith("QUEUED cli sweep [norm=bn batchSize=32]");

    assertThat(normlab(ADMIN, "submit", file.toString(), "--sweep", grid.toString(), "--idempotency-key",
        "cli-sweep-1")).isEqualTo(ExitCodes.OK);
    // The same runs (their status may have moved on since).
    assertThat(out.toString().lines().map(l -> l.split(" ")[0]).toList())
        .isEqualTo(first.stream().map(l -> l.split(" ")[0]).toList());

    assertThat(normlab(ADMIN, "runs", "list", "--name", "cli sweep", "--size", "10")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("4 run(s)");
  }

  @Test
  void cancelPauseAndResumeDriveARunAndFollowStopsWithItsOutcome() throws IOException {
    assertThat(normlab(ADMIN, "submit", spec("p.yaml", VALID.formatted("cli control")).toString())).isZero();
    UUID id = submitted(out.toString());

    assertThat(normlab(ADMIN, "pause", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo(id + " PAUSED");
    assertThat(normlab(ADMIN, "resume", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo(id + " QUEUED");
    assertThat(normlab(ADMIN, "cancel", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo(id + " CANCELLED");

    assertThat(normlab(ADMIN, "follow", id.toString(), "--interval", "100")).isEqualTo(ExitCodes.RUN_NOT_SUCCEEDED);
    assertThat(out.toString()).startsWith("CANCELLED");
    assertThat(err.toString()).contains("run " + id + " CANCELLED");

    assertThat(normlab(ADMIN, "resume", id.toString())).isEqualTo(ExitCodes.CONFLICT);
    assertThat(err.toString()).contains("HTTP 409");
  }

  @Test
  void anAdminRegistersAndRetiresADatasetAndSubmissionsFollow() throws IOException {
    assertThat(normlab(ADMIN, "datasets", "register", "cli-set", "--classes", "100", "--description",
        "ImageNet-100")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo("cli-set registered");
    assertThat(normlab(ADMIN, "datasets", "list")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).anyMatch(l -> l.startsWith("cli-set") && l.contains("100")
        && l.contains("active") && l.contains("ImageNet-100"));
    Path spec = spec("on-set.yaml", VALID.formatted("cli on set").replace("fashion-mnist", "cli-set"));
    assertThat(normlab(ADMIN, "submit", spec.toString())).isEqualTo(ExitCodes.OK);

    assertThat(normlab(ADMIN, "datasets", "retire", "cli-set")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo("cli-set retired");
    assertThat(normlab(ADMIN, "submit", spec.toString())).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("dataset: is retired");
    assertThat(normlab(ADMIN, "datasets", "list")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).doesNotContain("cli-set");
    assertThat(normlab(ADMIN, "datasets", "list", "--retired")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines()).anyMatch(l -> l.startsWith("cli-set") && l.contains("retired"));

    assertThat(normlab(ADMIN, "datasets", "register", "../etc", "--classes", "0")).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("  name: ", "  numClasses: ");
    String viewer = createToken("cli-ds-viewer", "viewer");
    assertThat(normlab(viewer, "datasets", "list")).isEqualTo(ExitCodes.OK);
    assertThat(normlab(viewer, "datasets", "retire", "fashion-mnist")).isEqualTo(ExitCodes.AUTH);
  }

  @Test
  void anAdminMovesAQueuedRunToAnotherPriority() throws IOException {
    assertThat(normlab(ADMIN, "submit", spec("prio.yaml", VALID.formatted("cli priority")).toString())).isZero();
    UUID id = submitted(out.toString());

    assertThat(normlab(ADMIN, "runs", "priority", id.toString(), "high")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo(id + " HIGH");
    assertThat(normlab(ADMIN, "runs", "priority", id.toString(), "urgent")).isEqualTo(ExitCodes.INVALID);
    assertThat(err.toString()).contains("priority: ", "allowed: low, normal, high");
    normlab(ADMIN, "cancel", id.toString());
    assertThat(normlab(ADMIN, "runs", "priority", id.toString(), "low")).isEqualTo(ExitCodes.CONFLICT);
  }

  @Test
  void anUnknownRunIsNotFound() {
    assertThat(normlab(ADMIN, "runs", "show", UUID.randomUUID().toString())).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(normlab(ADMIN, "cancel", UUID.randomUUID().toString())).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void noForgedOrTooWeakTokensExitFive() throws IOException {
    assertThat(normlab(null, "runs", "list")).isEqualTo(ExitCodes.AUTH);
    assertThat(err.toString()).contains("HTTP 401", "no token: pass --token");

    assertThat(normlab("nlt_forgedforgedforgedforgedforgedforgedforged0", "runs", "list")).isEqualTo(ExitCodes.AUTH);

    String viewer = createToken("cli-viewer", "viewer");
    assertThat(normlab(viewer, "runs", "list")).isEqualTo(ExitCodes.OK);
    assertThat(normlab(viewer, "submit", spec("v.yaml", VALID.formatted("by a viewer")).toString()))
        .isEqualTo(ExitCodes.AUTH);
    assertThat(err.toString()).contains("HTTP 403");
  }

  @Test
  void theTokenFileOfTheLocalStackIsUsedWhenNothingElseIsGiven() throws IOException {
    Files.createDirectories(dir.resolve(".normlab/local"));
    Files.writeString(dir.resolve(".normlab/local/admin-token"), ADMIN + "\n");

    assertThat(normlab(null, "runs", "list")).isEqualTo(ExitCodes.OK);
  }

  @Test
  void theLeaderboardPrintsATable() {
    assertThat(normlab(ADMIN, "leaderboard", "fashion-mnist", "--norm", "gn:8")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("fashion-mnist");
  }

  @Test
  void theLauncherScriptRunsTheBuiltJar() throws Exception {
    Path checkout = Path.of("..").toAbsolutePath().normalize();
    Process process = new ProcessBuilder(checkout.resolve("bin/normlab").toString(), "--api-url", apiUrl,
        "--token", ADMIN, "runs", "list", "--size", "1")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.OK);
    assertThat(output).contains("ID", "STATUS", "run(s)");
  }

  /**
   * follow against a run that really trains as far as the API can tell: a worker on the wire
   * (heartbeats, then the run's events on Kafka, as a trainer sends them) reports progress, and
   * follow prints it until the run fails, then exits 1 with the reason.
   */
  @Test
  @Order(Integer.MAX_VALUE) // last: its worker stays live for a few seconds and would take other tests' runs
  void followPrintsTheProgressAWorkerReportsAndStopsWhenTheRunFails() throws Exception {
    String highPriority = VALID.formatted("cli follow") + "priority: high\n";
    assertThat(normlab(ADMIN, "submit", spec("f.yaml", highPriority).toString())).isZero();
    UUID id = submitted(out.toString());

    try (WireWorker worker = new WireWorker(kafka.getBrokersAsString())) {
      assertThat(worker.awaitDispatch(id, Duration.ofSeconds(60))).as("dispatched to the wire worker").isTrue();
      worker.running(id);
      var events = RunEvent.forAttempt(id, 1, worker.id);
      worker.publish(events.started(new Progress(1, 0, 400, 0, 0.1, 0)));
      worker.publish(events.progress(new Progress(1, 100, 400, 1.25, 0.1, 640)));

      StringWriter followed = new StringWriter();
      StringWriter followErr = new StringWriter();
      CommandLine line = new NormlabCli(Map.of(), dir, false).commandLine();
      line.setOut(new PrintWriter(followed, true));
      line.setErr(new PrintWriter(followErr, true));
      CompletableFuture<Integer> follow = CompletableFuture.supplyAsync(() -> line.execute(
          "--api-url", apiUrl, "--token", ADMIN, "follow", id.toString(), "--interval", "100"));

      await(() -> followed.toString().contains("iter 100/400"));
      worker.publish(events.progress(new Progress(1, 300, 400, 0.75, 0.1, 800)));
      await(() -> followed.toString().contains("iter 300/400"));
      CheckpointRef endOfEpoch1 = new CheckpointRef("runs/" + id + "/attempt-1/iter-000000400.ckpt",
          "ab".repeat(32), 1, 400, 1234);
      worker.publish(events.checkpointed(endOfEpoch1));
      worker.publish(events.failed("simulated: CUDA out of memory"));

      assertThat(follow.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.RUN_NOT_SUCCEEDED);
      // ETA = iterations left x batch 32 / images/s: 300 * 32 / 640 = 15 s, then 100 * 32 / 800 = 4 s.
      assertThat(followed.toString()).contains(
          "RUNNING    epoch 1/1 iter 100/400 [######..................]  25% loss 1.2500 640.0 img/s ETA 0:15",
          "RUNNING    epoch 1/1 iter 300/400 [##################......]  75% loss 0.7500 800.0 img/s ETA 0:04");
      assertThat(followed.toString().lines().reduce((a, b) -> b).orElseThrow()).startsWith("FAILED");
      assertThat(followErr.toString()).contains("run " + id + " FAILED: simulated: CUDA out of memory");

      // Retrain from the checkpoint the failed run reported, with a new lr and the momentum kept.
      assertThat(normlab(ADMIN, "retrain", id.toString(), "--from-epoch", "3")).isEqualTo(ExitCodes.INVALID);
      assertThat(err.toString()).contains("fromEpoch");
      assertThat(normlab(ADMIN, "retrain", id.toString(), "--from-epoch", "1", "--lr", "0.01",
          "--keep-optimizer-state", "--name", "cli retrained")).isZero();
      assertThat(out.toString()).contains("QUEUED cli retrained");
      UUID retrained = submitted(out.toString());
      assertThat(normlab(ADMIN, "runs", "show", retrained.toString(), "--json")).isZero();
      JsonNode shown = tools.jackson.databind.json.JsonMapper.builder().build().readTree(out.toString());
      assertThat(shown.at("/spec/optimizer/lr").asDouble()).isEqualTo(0.01);
      assertThat(shown.at("/spec/initializeFrom/sourceRunId").asString()).isEqualTo(id.toString());
      assertThat(shown.at("/spec/initializeFrom/checkpoint/uri").asString()).isEqualTo(endOfEpoch1.uri());
      assertThat(shown.at("/spec/initializeFrom/keepOptimizerState").asBoolean()).isTrue();
    }
  }

  private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 30 s").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** A trainer as the API sees it on Kafka: heartbeats every second, dispatches read, events sent. */
  private static final class WireWorker implements AutoCloseable {
    final String id = "cli-it-" + UUID.randomUUID().toString().substring(0, 8);
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> dispatches;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    private final List<WorkerHeartbeat.ActiveAttempt> active = new CopyOnWriteArrayList<>();

    WireWorker(String bootstrap) {
      producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
          new StringSerializer(), new StringSerializer());
      dispatches = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.GROUP_ID_CONFIG, id, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
          new StringDeserializer(), new StringDeserializer());
      dispatches.subscribe(List.of(Topics.RUN_DISPATCH));
      beats.scheduleAtFixedRate(() -> send(Topics.WORKER_HEARTBEATS, id,
          ContractCodec.encode(WorkerHeartbeat.of(id, 50, List.copyOf(active)))), 0, 1, TimeUnit.SECONDS);
    }

    boolean awaitDispatch(UUID runId, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : dispatches.poll(Duration.ofMillis(500))) {
          RunDispatch dispatch = ContractCodec.decode(record.value(), RunDispatch.class, RunDispatch.SCHEMA_VERSION);
          if (dispatch.runId().equals(runId) && id.equals(dispatch.assignedWorker())) {
            return true;
          }
        }
      }
      return false;
    }

    void running(UUID runId) {
      active.add(new WorkerHeartbeat.ActiveAttempt(runId, 1, 0));
    }

    void publish(RunEvent event) {
      send(Topics.RUN_EVENTS, event.runId().toString(), ContractCodec.encode(event));
    }

    private void send(String topic, String key, String value) {
      try {
        producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("send to " + topic + " failed", e);
      }
    }

    @Override
    public void close() {
      beats.shutdownNow();
      dispatches.close();
      producer.close();
    }
  }

  private String createToken(String name, String role) {
    out = new StringWriter();
    try {
      var http = java.net.http.HttpClient.newHttpClient();
      var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(apiUrl + "/api/v1/tokens"))
          .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      return org.normlab.contracts.codec.ContractCodec.mapper().readTree(response.body()).get("secret").asString();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}

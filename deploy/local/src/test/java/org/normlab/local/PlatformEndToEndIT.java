package org.normlab.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The whole path on the real stack: REST submission, PostgreSQL, the Kafka broker, a trainer JVM
 * training with DJL on Fashion-MNIST, an eval JVM scoring the checkpoint, the leaderboard, and the
 * dashboard's proxy.
 */
class PlatformEndToEndIT {

  /**
   * Ten balanced classes: a model that learned nothing has about 90% top-1 error. A ResNet-10 of
   * width 16 reaches roughly 15-20% after 300 SGD steps of 64 images; 35% leaves room for variance
   * across seeds and machines while no untrained or broken model comes near it.
   */
  static final double MAX_TOP1_ERROR = 35.0;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path workDir; // logs stay when a test fails

  static LocalStack stack;
  static ApiClient api;
  static Runs runs;

  @BeforeAll
  static void startStack() throws Exception {
    Path root = StackConfig.findRepoRoot(Path.of(""));
    // Two trainers so that a killed one can be replaced; a short lease so that takes seconds.
    StackConfig config = new StackConfig(root, workDir, StackConfig.DEBIAN_FASHION_MNIST,
        FreePorts.one(), FreePorts.pair(), FreePorts.one(), FreePorts.one(), FreePorts.one(), FreePorts.one(), 2, Duration.ofSeconds(6), 50);
    stack = LocalStack.start(config, new Console(System.out));
    api = new ApiClient(config.apiUrl(), stack.adminToken());
    runs = new Runs(api);
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void submittedSpecIsTrainedEvaluatedAndRankedOnTheLeaderboard() throws Exception {
    JsonNode created = api.submit("""
        {"name": "e2e resnet10 bn", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "baseWidth": 16, "normBatchSize": 32, "batchSize": 64, "iterations": 300,
         "optimizer": {"lr": 0.1, "momentum": 0.9, "weightDecay": 0.0001,
                       "schedule": {"type": "cosine", "warmupIterations": 30}},
         "seed": 1}
        """);
    String id = created.get("id").asString();
    assertThat(created.get("status").asString()).isEqualTo("QUEUED");

    JsonNode run = runs.awaitFinished(id);

    assertThat(run.get("status").asString()).as("run %s failure: %s", id, run.path("failure")).isEqualTo("SUCCEEDED");
    assertThat(run.at("/progress/iteration").asLong()).isEqualTo(300);

    JsonNode curve = api.get("/api/v1/experiments/" + id + "/metrics");
    assertThat(curve.size()).isGreaterThanOrEqualTo(10);
    double firstLoss = curve.get(0).get("loss").asDouble();
    double lastLoss = curve.get(curve.size() - 1).get("loss").asDouble();
    assertThat(lastLoss).isLessThan(firstLoss * 0.6);

    Path checkpoint = stack.config().workDir().resolve("checkpoints").resolve(run.get("checkpointUri").asString());
    assertThat(sha256(checkpoint)).isEqualTo(run.get("checkpointSha256").asString());

    JsonNode row = Runs.rowOf(api.get("/api/v1/leaderboards/fashion-mnist?backbone=resnet10&norm=bn"), id);
    assertThat(row.get("top1Error").asDouble()).isBetween(0.0, MAX_TOP1_ERROR);
    assertThat(row.get("top5Error").asDouble()).isLessThanOrEqualTo(row.get("top1Error").asDouble());
    assertThat(row.get("samples").asLong()).isEqualTo(10_000);
    assertThat(row.get("normBatchSize").asInt()).isEqualTo(32);

    JsonNode viaDashboard = new ApiClient(stack.config().uiUrl(), null).get("/ui-api/leaderboards/fashion-mnist");
    assertThat(Runs.rowOf(viaDashboard, id).get("top1Error").asDouble()).isEqualTo(row.get("top1Error").asDouble());

    // The trainer's structured log says which run and attempt each line is about.
    assertThat(ServiceMetrics.jsonLogLines(stack.config().workDir().resolve("logs"), "trainer-local-"))
        .anySatisfy(line -> {
          assertThat(line.path("runId").asString()).isEqualTo(id);
          assertThat(line.path("attempt").asString()).isEqualTo("1");
        });
  }

  /**
   * A detection spec through the same path: the trainer's DetectionJob (Mask R-CNN on resnet10 of
   * width 4, GN), the eval worker's COCO evaluation of the final checkpoint, and the COCO leaderboard
   * ranking the run by box and by mask AP. On {@code coco-shapes-one}, whose val split is its one
   * train image, 100 steps overfit it: the detector must find both shapes with their masks (ml-core's
   * TrainedDetectorEvaluationTest, the same spec outside the platform, measured box AP 70 and mask AP
   * 80, AP50 100 for both). Before training, box and mask AP are 0.
   */
  @Test
  void detectionSpecOverfitsItsImageThroughThePlatformAndRanksByBoxAndMaskAp() throws Exception {
    JsonNode created = api.submit("""
        {"name": "e2e mask r-cnn", "task": "detection", "dataset": "coco-shapes-one", "backbone": "resnet10",
         "norm": "gn:4", "baseWidth": 4, "normBatchSize": 1, "batchSize": 1, "iterations": 100,
         "optimizer": {"lr": 0.05, "momentum": 0.9, "weightDecay": 0.0001,
                       "schedule": {"type": "constant", "warmupIterations": 5}},
         "seed": 5}
        """);
    String id = created.get("id").asString();

    JsonNode run = runs.awaitFinished(id);

    assertThat(run.get("status").asString()).as("run %s failure: %s", id, run.path("failure")).isEqualTo("SUCCEEDED");
    assertThat(run.at("/progress/iteration").asLong()).isEqualTo(100);
    String board = "/api/v1/leaderboards/coco-shapes-one?task=detection&metric=";
    JsonNode byBox = Runs.rowOf(api.get(board + "boxAp"), id);
    assertThat(byBox.get("value").asDouble()).isEqualTo(byBox.get("boxAp").asDouble());
    assertThat(byBox.get("samples").asLong()).as("val images").isEqualTo(1);
    assertThat(byBox.get("top1Error").isNull()).isTrue();
    assertThat(byBox.get("boxAp").asDouble()).as("box AP of %s", byBox).isGreaterThan(20.0);
    assertThat(byBox.get("maskAp").asDouble()).as("mask AP of %s", byBox).isGreaterThan(20.0);
    double boxAp50 = Runs.rowOf(api.get(board + "boxAp50"), id).get("value").asDouble();
    double maskAp50 = Runs.rowOf(api.get(board + "maskAp50"), id).get("value").asDouble();
    System.out.printf("e2e detection on coco-shapes-one: box AP %.1f (AP50 %.1f), mask AP %.1f (AP50 %.1f)%n",
        byBox.get("boxAp").asDouble(), boxAp50, byBox.get("maskAp").asDouble(), maskAp50);
    assertThat(boxAp50).as("box AP50").isGreaterThan(50.0);
    assertThat(maskAp50).as("mask AP50").isGreaterThan(50.0);
    JsonNode byMask = Runs.rowOf(api.get(board + "maskAp"), id);
    assertThat(byMask.get("value").asDouble()).isEqualTo(byBox.get("maskAp").asDouble());
  }

  @Test
  void everyMetricTheGrafanaDashboardQueriesIsExposedBySomeService() {
    StackConfig config = stack.config();
    java.util.Set<String> exposed = new java.util.TreeSet<>();
    exposed.addAll(ServiceMetrics.scrapeNames(config.apiPort()));
    exposed.addAll(ServiceMetrics.scrapeNames(config.evalPort()));
    exposed.addAll(ServiceMetrics.scrapeNames(config.uiPort()));
    for (int i = 0; i < config.trainers(); i++) {
      exposed.addAll(ServiceMetrics.scrapeNamesIfUp(config.trainerPort(i))); // one may have been killed
    }

    java.util.Set<String> missing = new java.util.TreeSet<>(ServiceMetrics.dashboardMetricNames());
    missing.removeAll(exposed);
    // GPU series exist only where nvidia-smi does (docs/operations.md); none on a CPU-only machine.
    missing.removeIf(name -> name.startsWith("normlab_gpu_") && !ServiceMetrics.nvidiaSmiOnPath());
    assertThat(missing).as("dashboard metrics no service exposes").isEmpty();
  }

  @Test
  void anonymousRequestsAreRefusedAndTheAdminTokenFileIsTheOwnersOnly() throws IOException {
    ApiClient anonymous = new ApiClient(stack.config().apiUrl(), null);
    assertThat(anonymous.trySubmit("{}", null).status()).isEqualTo(401);

    Path tokenFile = stack.config().workDir().resolve(AdminToken.FILE);
    assertThat(Files.readString(tokenFile).strip()).isEqualTo(stack.adminToken());
    assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)))
        .isEqualTo("rw-------");
  }

  /**
   * kill -9 of the trainer mid-run: its lease expires, the run continues as attempt 2 on the other
   * trainer from the last checkpoint, and ends exactly where an uninterrupted run of the same spec
   * ends (resume is bitwise exact on CPU), evaluated to the same scores.
   */
  @Test
  void runOfAKilledTrainerCompletesElsewhereFromItsCheckpointWithTheUninterruptedResult() throws Exception {
    String spec = """
        {"name": "e2e kill -9", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "baseWidth": 16, "normBatchSize": 16, "batchSize": 32, "iterations": 200,
         "optimizer": {"lr": 0.05, "momentum": 0.9, "weightDecay": 0.0001, "schedule": {"type": "cosine"}},
         "seed": 11}
        """;
    // Both start at once, one on each trainer; the killed run's next attempt waits for a free slot.
    String uninterrupted = api.submit(spec.replace("e2e kill -9", "e2e uninterrupted")).get("id").asString();
    String killed = api.submit(spec).get("id").asString();
    JsonNode running = awaitProgressPastCheckpoint(killed);
    String victim = running.get("worker").asString();

    stack.kill(victim);
    JsonNode run = runs.awaitFinished(killed);

    assertThat(run.get("status").asString()).as("failure: %s", run.path("failure")).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempt").asInt()).isEqualTo(2);
    assertThat(run.get("worker").asString()).isNotEqualTo(victim);
    JsonNode events = api.get("/api/v1/experiments/" + killed + "/events");
    assertThat(events.toString()).contains("\"attempt\":2");

    assertThat(runs.awaitFinished(uninterrupted).get("status").asString()).isEqualTo("SUCCEEDED");
    JsonNode resumedRow = Runs.rowOf(api.get("/api/v1/leaderboards/fashion-mnist?batchSize=32"), killed);
    JsonNode cleanRow = Runs.rowOf(api.get("/api/v1/leaderboards/fashion-mnist?batchSize=32"), uninterrupted);
    assertThat(resumedRow.get("top1Error").asDouble()).isEqualTo(cleanRow.get("top1Error").asDouble());
    assertThat(resumedRow.get("top5Error").asDouble()).isEqualTo(cleanRow.get("top5Error").asDouble());
    assertThat(resumedRow.get("checkpointSha256").asString()).isNotBlank();
    JsonNode resumedCurve = api.get("/api/v1/experiments/" + killed + "/metrics");
    JsonNode cleanCurve = api.get("/api/v1/experiments/" + uninterrupted + "/metrics");
    assertThat(resumedCurve.size()).isEqualTo(cleanCurve.size());
    assertThat(resumedCurve.get(resumedCurve.size() - 1).get("loss").asDouble())
        .isEqualTo(cleanCurve.get(cleanCurve.size() - 1).get("loss").asDouble());
  }

  private static JsonNode awaitProgressPastCheckpoint(String id) throws InterruptedException {
    Instant deadline = Instant.now().plus(Runs.RUN_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode run = api.get("/api/v1/experiments/" + id);
      if (!run.path("checkpointUri").isMissingNode() && !run.path("checkpointUri").isNull()
          && run.at("/progress/iteration").asLong() >= 70) {
        return run;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("run " + id + " never got past its first checkpoint");
  }

  private static String sha256(Path file) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}

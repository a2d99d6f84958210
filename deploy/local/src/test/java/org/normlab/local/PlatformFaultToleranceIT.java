package org.normlab.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Faults against the real stack: three trainer JVMs, the Kafka broker crashed and restarted under
 * training, PostgreSQL restarted under submissions and training, and a burst of runs spread over
 * the workers. (kill -9 of a trainer is in {@link PlatformEndToEndIT}.)
 */
class PlatformFaultToleranceIT {

  /** The trainers report progress every 20 iterations (trainer-worker's application.yml). */
  static final int PROGRESS_EVERY = 20;

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) static Path workDir; // logs stay when a test fails

  static LocalStack stack;
  static ApiClient api;
  static Runs runs;

  @BeforeAll
  static void startStack() throws Exception {
    Path root = StackConfig.findRepoRoot(Path.of(""));
    StackConfig config = new StackConfig(root, workDir, StackConfig.DEBIAN_FASHION_MNIST,
        FreePorts.one(), FreePorts.pair(), FreePorts.one(), FreePorts.one(), FreePorts.one(), FreePorts.one(), 3,
        Duration.ofSeconds(6), 50);
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
  void brokerCrashDuringTrainingLosesNoEventAndCostsTheRunNoRestart() throws Exception {
    String id = api.submit(spec("kafka crash", 240, 3)).get("id").asString();
    runs.awaitIteration(id, 60);

    stack.crashAndRestartKafka(Duration.ofSeconds(10));

    JsonNode run = runs.awaitFinished(id);
    assertThat(run.get("status").asString()).as("failure: %s", run.path("failure")).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempt").asInt()).isEqualTo(1);
    assertEveryProgressPointAndEventArrived(id, 240);
    JsonNode row = Runs.rowOf(api.get("/api/v1/leaderboards/fashion-mnist?size=200"), id);
    assertThat(row.get("samples").asLong()).isEqualTo(10_000);
  }

  /**
   * Clients retry refused submissions under the same Idempotency-Key, as they should: every one
   * ends accepted exactly once, whatever the database was doing.
   */
  @Test
  void databaseRestartDuringSubmissionsAndTrainingLosesNoAcceptedSubmissionOrEvent() throws Exception {
    String training = api.submit(spec("postgres restart", 240, 5)).get("id").asString();
    runs.awaitIteration(training, 40);

    Map<String, String> acceptedByKey = new ConcurrentHashMap<>();
    List<Instant> sentAt = new CopyOnWriteArrayList<>();
    Map<Integer, Integer> refusals = new ConcurrentHashMap<>(); // by status; 0: no answer
    AtomicBoolean stop = new AtomicBoolean();
    Thread submitter = new Thread(() -> {
      for (int i = 0; !stop.get(); i++) {
        String key = "pg-restart-" + i;
        String body = spec(key, 20, 100 + i);
        ApiClient.Answer answer;
        // Retried under the same key until accepted: a retry whose first answer was lost replays it.
        while ((answer = send(sentAt, () -> api.trySubmit(body, key))).status() / 100 != 2) {
          refusals.merge(answer.status(), 1, Integer::sum);
          sleep(200);
        }
        acceptedByKey.put(key, answer.json().get("id").asString());
        sleep(100);
      }
    }, "submitter");
    submitter.start();
    Thread.sleep(3000);

    Instant down = Instant.now();
    stack.restartPostgres(Duration.ofSeconds(6));
    Instant up = Instant.now();

    Thread.sleep(4000);
    stop.set(true);
    submitter.join(Duration.ofMinutes(2).toMillis());
    System.out.printf("PostgreSQL restart: %d submissions accepted; refused attempts retried, by status: %s%n",
        acceptedByKey.size(), refusals);
    assertThat(submitter.isAlive()).as("a submission is still refused after the restart").isFalse();
    assertThat(refusals.keySet()).as("refusals are 'retry later' (503) or no answer, never errors")
        .isSubsetOf(0, 503);

    assertThat(sentAt).as("submissions sent while PostgreSQL was down")
        .anyMatch(t -> t.isAfter(down) && t.isBefore(up));
    assertThat(new HashSet<>(acceptedByKey.values())).hasSameSizeAs(acceptedByKey.values());
    acceptedByKey.forEach((key, id) -> assertThat(runs.get(id).get("name").asString()).isEqualTo(key));
    for (String id : acceptedByKey.values()) {
      api.postAction("/api/v1/experiments/" + id + "/cancel"); // 409 once finished: fine either way
    }
    JsonNode run = runs.awaitFinished(training);
    assertThat(run.get("status").asString()).as("failure: %s", run.path("failure")).isEqualTo("SUCCEEDED");
    assertThat(run.get("attempt").asInt()).isEqualTo(1);
    assertEveryProgressPointAndEventArrived(training, 240);
  }

  @Test
  void threeWorkersTrainTwentyRunsEachOnExactlyOneWorker() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      ids.add(api.submit(spec("burst " + i, 20, 1000 + i)).get("id").asString());
    }

    Set<String> workers = new HashSet<>();
    for (String id : ids) {
      JsonNode run = runs.awaitFinished(id);
      assertThat(run.get("status").asString()).as("run %s failure: %s", id, run.path("failure"))
          .isEqualTo("SUCCEEDED");
      assertThat(run.get("attempt").asInt()).as("attempts of %s", id).isEqualTo(1);
      Set<String> reporters = new HashSet<>();
      runs.events(id).forEach(event -> reporters.add(event.get("worker").asString()));
      assertThat(reporters).as("workers that reported on %s", id).containsExactly(run.get("worker").asString());
      workers.add(run.get("worker").asString());
    }
    assertThat(workers).as("the burst is spread over every worker")
        .containsExactlyInAnyOrder(LocalStack.trainerName(1), LocalStack.trainerName(2), LocalStack.trainerName(3));
  }

  /** Points at every PROGRESS_EVERY iterations, once each, and gap-free event sequences. */
  private static void assertEveryProgressPointAndEventArrived(String id, int iterations) {
    List<Long> reported = new ArrayList<>();
    runs.metrics(id).forEach(point -> reported.add(point.get("iteration").asLong()));
    assertThat(reported).containsExactlyElementsOf(
        LongStream.rangeClosed(1, iterations / PROGRESS_EVERY).map(k -> k * PROGRESS_EVERY).boxed().toList());
    Map<Integer, List<Long>> sequences = new TreeMap<>();
    List<String> types = new ArrayList<>();
    for (JsonNode event : runs.events(id)) {
      sequences.computeIfAbsent(event.get("attempt").asInt(), a -> new ArrayList<>()).add(event.get("sequence").asLong());
      types.add(event.get("type").asString());
    }
    sequences.forEach((attempt, seq) -> {
      List<Long> sorted = seq.stream().sorted().toList();
      assertThat(sorted).as("event sequence numbers of attempt %d", attempt)
          .containsExactlyElementsOf(LongStream.range(sorted.get(0), sorted.get(0) + sorted.size()).boxed().toList());
    });
    assertThat(types).contains("STARTED", "COMPLETED");
  }

  private static String spec(String name, int iterations, int seed) {
    return """
        {"name": "%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "baseWidth": 8, "normBatchSize": 16, "batchSize": 32, "iterations": %d,
         "optimizer": {"lr": 0.05, "momentum": 0.9, "weightDecay": 0.0001, "schedule": {"type": "cosine"}},
         "seed": %d}
        """.formatted(name, iterations, seed);
  }

  private static ApiClient.Answer send(List<Instant> sentAt, java.util.function.Supplier<ApiClient.Answer> request) {
    sentAt.add(Instant.now());
    return request.get();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

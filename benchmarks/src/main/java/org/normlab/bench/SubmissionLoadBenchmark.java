package org.normlab.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.normlab.local.ApiClient;
import org.normlab.local.Console;
import org.normlab.local.FreePorts;
import org.normlab.local.LocalStack;
import org.normlab.local.StackConfig;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/experiments} under concurrent load on the real platform (PostgreSQL, the
 * Kafka broker, the API as its own JVM), and submit-to-STARTED latency with one idle trainer.
 *
 * <p>Dispatch latency comes first, while the trainer is idle: each run is submitted, followed until
 * its STARTED event (the trainer has opened the dataset and built the model), then cancelled. Then
 * the trainer is stopped, so that it does not train what the load submits, and {@value #CLIENTS}
 * clients submit as fast as the API answers: a warm-up, then alternating measured windows. The load generator
 * shares the machine's cores with the API, PostgreSQL and Kafka.
 */
final class SubmissionLoadBenchmark implements Benchmark {

  static final int CLIENTS = 20;
  private static final com.sun.management.OperatingSystemMXBean PROCESS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
  /** Per kind: the JIT still compiled 10% of a core into the windows after 20 s of plain ones alone. */
  static final Duration WARMUP = Duration.ofSeconds(20);
  static final Duration MEASURED = Duration.ofSeconds(10);
  static final int ROUNDS = 3;
  static final int DISPATCH_SAMPLES = 15;
  /** MLflow's create-run at 20 clients (reference/platform-anchors.md); not measured here. */
  static final double MLFLOW_CREATE_RUN_PER_SECOND = 784;

  @Override
  public String name() {
    return "submissions";
  }

  @Override
  public String description() {
    return "POST /api/v1/experiments: submissions/s and p50/p99 latency at " + CLIENTS
        + " clients; submit -> STARTED latency (real PostgreSQL, Kafka, API, one trainer)";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    Path workDir = Files.createTempDirectory("normlab-bench-submissions");
    StackConfig config = new StackConfig(StackConfig.findRepoRoot(Path.of("")), workDir,
        StackConfig.DEBIAN_FASHION_MNIST, FreePorts.one(), FreePorts.pair(), FreePorts.one(), FreePorts.one(), FreePorts.one(), FreePorts.one(), 1,
        Duration.ofSeconds(15), 1000);
    Map<String, Object> figures = new LinkedHashMap<>();
    try (LocalStack stack = LocalStack.start(config, new Console(System.err))) {
      // A researcher token from the store, as a real client has: measures the cached token lookup,
      // not the bootstrap token's shortcut.
      String token = new ApiClient(config.apiUrl(), stack.adminToken()).createToken("bench", "researcher");
      ApiClient api = new ApiClient(config.apiUrl(), token);
      figures.putAll(dispatchLatency(api));
      stack.kill(LocalStack.trainerName(1));
      figures.putAll(submissionLoad(config.apiUrl(), "Bearer " + token));
    } finally {
      deleteQuietly(workDir);
    }
    return figures;
  }

  private static Map<String, Object> dispatchLatency(ApiClient api) throws InterruptedException {
    double[] millis = new double[DISPATCH_SAMPLES];
    for (int i = 0; i < DISPATCH_SAMPLES; i++) {
      String id = api.submit(spec("dispatch-" + i)).get("id").asString();
      JsonNode run = awaitStarted(api, id);
      millis[i] = Duration.between(Instant.parse(run.get("createdAt").asString()),
          Instant.parse(run.get("startedAt").asString())).toNanos() / 1e6;
      api.postAction("/api/v1/experiments/" + id + "/cancel");
      awaitIdleWorkers(api);
    }
    Arrays.sort(millis);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("submitToStartedSamples", DISPATCH_SAMPLES);
    figures.put("submitToStartedP50Ms", round(percentile(millis, 50)));
    figures.put("submitToStartedMaxMs", round(millis[millis.length - 1]));
    return figures;
  }

  /** One measured window: accepted submissions per second and every accepted one's latency. */
  private record Window(double perSecond, double[] millis, long refused, double clientCpuPercent) {}

  /**
   * Plain and idempotent submissions in alternating windows ({@value #ROUNDS} of each), so drift
   * (JIT, GC, table growth, other load) hits both alike: throughput is the median window, latency
   * percentiles pool every window's requests.
   */
  private static Map<String, Object> submissionLoad(String apiUrl, String authorization) throws InterruptedException {
    measure(apiUrl, authorization, false, WARMUP);
    measure(apiUrl, authorization, true, WARMUP);
    Map<Boolean, List<Window>> windows = new LinkedHashMap<>();
    for (int round = 0; round < ROUNDS; round++) {
      for (boolean idempotent : new boolean[] {false, true}) {
        windows.computeIfAbsent(idempotent, k -> new ArrayList<>()).add(measure(apiUrl, authorization, idempotent, MEASURED));
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("clients", CLIENTS);
    figures.put("windows", ROUNDS + " x " + MEASURED.toSeconds() + " s per kind");
    windows.forEach((idempotent, list) -> {
      String p = (idempotent ? "idempotent" : "plain") + ".";
      double[] rates = list.stream().mapToDouble(Window::perSecond).sorted().toArray();
      double[] millis = list.stream().flatMapToDouble(w -> Arrays.stream(w.millis())).sorted().toArray();
      double perSecond = rates[rates.length / 2];
      figures.put(p + "submissionsPerSecond", round(perSecond));
      figures.put(p + "submissionsPerSecondRange", round(rates[0]) + "-" + round(rates[rates.length - 1]));
      figures.put(p + "accepted", millis.length);
      figures.put(p + "refused", list.stream().mapToLong(Window::refused).sum());
      figures.put(p + "latencyP50Ms", round(percentile(millis, 50)));
      figures.put(p + "latencyP99Ms", round(percentile(millis, 99)));
      figures.put(p + "latencyMaxMs", round(millis.length == 0 ? 0 : millis[millis.length - 1]));
      figures.put(p + "loadGeneratorCpuPercent",
          round(list.stream().mapToDouble(Window::clientCpuPercent).average().orElse(0)));
      figures.put(p + "ratioToMlflowCreateRun784PerSecond", round(perSecond / MLFLOW_CREATE_RUN_PER_SECOND));
    });
    return figures;
  }

  /**
   * {@value #CLIENTS} clients submitting back to back for {@code length}, each on its own keep-alive
   * connection ({@link KeepAliveConnection}). With {@code idempotent}, every request carries its own
   * Idempotency-Key (an advisory lock, a lookup and a key row more).
   */
  private static Window measure(String apiUrl, String authorization, boolean idempotent, Duration length)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong refused = new AtomicLong();
    long[][] latencies = new long[CLIENTS][];
    int[] counts = new int[CLIENTS];
    CountDownLatch done = new CountDownLatch(CLIENTS);
    String kind = idempotent ? "idempotent" : "plain";
    long cpuStart = PROCESS.getProcessCpuTime();
    long start = System.nanoTime();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      latencies[c] = new long[100_000];
      Thread thread = new Thread(() -> {
        try (KeepAliveConnection connection = new KeepAliveConnection(apiUrl, authorization)) {
          while (!stop.get()) {
            String name = kind + "-" + UUID.randomUUID();
            byte[] body = spec(name).getBytes(StandardCharsets.UTF_8);
            String headers = idempotent ? "Idempotency-Key: " + name + "\r\n" : "";
            long sent = System.nanoTime();
            int status = status(connection, body, headers);
            long elapsed = System.nanoTime() - sent;
            if (status != 201) {
              refused.incrementAndGet();
            } else if (counts[client] < latencies[client].length) {
              latencies[client][counts[client]++] = elapsed;
            }
          }
        } finally {
          done.countDown();
        }
      }, "load-" + c);
      thread.setDaemon(true);
      thread.start();
    }
    Thread.sleep(length.toMillis());
    stop.set(true);
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    double clientCpuPercent = (PROCESS.getProcessCpuTime() - cpuStart) / 1e9 / seconds * 100;
    int total = Arrays.stream(counts).sum();
    double[] millis = new double[total];
    int k = 0;
    for (int c = 0; c < CLIENTS; c++) {
      for (int i = 0; i < counts[c]; i++) {
        millis[k++] = latencies[c][i] / 1e6;
      }
    }
    return new Window(total / seconds, millis, refused.get(), clientCpuPercent);
  }

  /** The answer's status; 0 when the connection failed. */
  private static int status(KeepAliveConnection connection, byte[] body, String headers) {
    try {
      return connection.post("/api/v1/experiments", body, headers).status();
    } catch (IOException e) {
      connection.close();
      return 0;
    }
  }

  private static JsonNode awaitStarted(ApiClient api, String id) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(120);
    while (Instant.now().isBefore(deadline)) {
      JsonNode run = api.get("/api/v1/experiments/" + id);
      if (!run.path("startedAt").isNull() && !run.path("startedAt").isMissingNode()) {
        return run;
      }
      Thread.sleep(10);
    }
    throw new IllegalStateException("run " + id + " did not start within 120 s");
  }

  /** Until no worker reports an active attempt, so the next sample finds the trainer idle. */
  private static void awaitIdleWorkers(ApiClient api) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      boolean idle = true;
      for (JsonNode worker : api.get("/api/v1/workers")) {
        idle &= worker.path("activeAttempts").asInt(0) == 0;
      }
      if (idle) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("the trainer did not become idle within 60 s");
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException | RuntimeException e) {
      System.err.println("Could not delete " + dir + ": " + e);
    }
  }

  /** A tiny, valid run: what is measured is the API's path, not training. */
  private static String spec(String name) {
    return """
        {"name": "%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "baseWidth": 8, "normBatchSize": 16, "batchSize": 32, "iterations": 20,
         "optimizer": {"lr": 0.05, "momentum": 0.9, "weightDecay": 0.0001, "schedule": {"type": "cosine"}},
         "seed": 1}
        """.formatted(name);
  }

  private static double percentile(double[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}

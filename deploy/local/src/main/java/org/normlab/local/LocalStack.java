package org.normlab.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole platform on one machine: real PostgreSQL and Kafka in this JVM, the API, a trainer, an
 * eval worker and the dashboard as child JVMs. Closing it stops everything it started, children
 * first.
 */
public final class LocalStack implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofMinutes(3);

  private final StackConfig config;
  private final List<StackDataset> datasets;
  private final String adminToken = AdminToken.generate();
  private final List<ServiceProcess> services = new ArrayList<>();
  private Infrastructure infrastructure;
  private boolean closed;

  private LocalStack(StackConfig config, List<StackDataset> datasets) {
    this.config = config;
    this.datasets = List.copyOf(datasets);
  }

  /**
   * Starts everything and returns once every service reports healthy. A shutdown hook is in place
   * from the first step, so Ctrl-C at any moment stops whatever was started so far.
   */
  public static LocalStack start(StackConfig config, Console console) throws IOException, InterruptedException {
    return start(config, console, List.of());
  }

  /** The same, with {@code datasets} registered on the API and configured on every worker. */
  public static LocalStack start(StackConfig config, Console console, List<StackDataset> datasets)
      throws IOException, InterruptedException {
    Preflight.requireFashionMnist(config.fashionMnistDir());
    LocalStack stack = new LocalStack(config, datasets);
    Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "local-stack-stop"));
    try {
      stack.startInfrastructure(console);
      stack.startServices(console);
      return stack;
    } catch (IOException | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  private synchronized void startInfrastructure(Console console) throws IOException, InterruptedException {
    console.step("Starting PostgreSQL on :" + config.postgresPort() + " and a Kafka (KRaft) broker on :"
        + config.kafkaPort());
    infrastructure = Infrastructure.start(config);
    console.step("Kafka is at " + infrastructure.kafkaBootstrap());
  }

  private void startServices(Console console) throws IOException, InterruptedException {
    Path logs = config.workDir().resolve("logs");
    Path checkpoints = config.workDir().resolve("checkpoints");
    Files.createDirectories(checkpoints);
    List<String> kafka = List.of("--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrap());
    List<String> workers = concat(kafka, List.of(
        "--normlab.checkpoint-dir=" + checkpoints,
        "--normlab.datasets.fashion-mnist.location=" + config.fashionMnistDir()));
    List<String> apiDatasets = new ArrayList<>();
    for (StackDataset dataset : datasets) {
      workers = concat(workers, dataset.workerArgs());
      apiDatasets.addAll(dataset.apiArgs());
    }

    Path tokenFile = AdminToken.write(config.workDir(), adminToken);
    console.step("Admin token (also in " + tokenFile + ", mode 0600): " + adminToken);
    console.step("Starting api-service, " + config.trainers() + " trainer-worker(s), eval-worker and web-ui (logs in "
        + logs + ")");
    // The token goes in the environment, not the command line, where any local user could read it.
    launch("api-service", "api-service", config.apiPort(), "512m", List.of(),
        Map.of("NORMLAB_BOOTSTRAP_TOKEN", adminToken), concat(concat(kafka, List.of(
        "--spring.datasource.url=" + infrastructure.jdbcUrl(),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=postgres",
        "--normlab.scheduler.lease=" + config.lease().toMillis() + "ms",
        // Judge leases only while some worker is heard (HeartbeatPipe); workers beat every 2 s.
        "--normlab.scheduler.heartbeat-silence=" + config.lease().dividedBy(2).toMillis() + "ms")),
        apiDatasets), logs);
    for (int i = 1; i <= config.trainers(); i++) {
      launch(trainerName(i), "trainer-worker", config.trainerPort(i - 1), "768m", djlOptions(), djlEnvironment(),
          concat(workers, List.of(
              "--normlab.worker-id=" + trainerName(i),
              "--normlab.reporting.checkpoint-every-iterations=" + config.checkpointEvery())), logs);
    }
    launch("eval-worker", "eval-worker", config.evalPort(), "512m", djlOptions(), djlEnvironment(),
        concat(workers, List.of("--normlab.worker-id=eval-local-1")), logs);
    ServiceProcess api = services.get(0);
    api.awaitHealthy(STARTUP);
    console.step(api.name() + " is up");
    // The dashboard reads with a viewer token of its own, created through the API it reads.
    String dashboardToken = new ApiClient(config.apiUrl(), adminToken).createToken("web-ui", "viewer");
    launch("web-ui", "web-ui", config.uiPort(), "256m", List.of(), Map.of("NORMLAB_API_TOKEN", dashboardToken),
        List.of("--normlab.api-url=" + config.apiUrl()), logs);
    for (ServiceProcess service : List.copyOf(services.subList(1, services.size()))) {
      service.awaitHealthy(STARTUP);
      console.step(service.name() + " is up");
    }
  }

  private synchronized void launch(String name, String module, int port, String heap, List<String> jvmOptions,
      Map<String, String> env, List<String> args, Path logs) throws IOException {
    if (closed) {
      throw new IllegalStateException("The stack is stopping");
    }
    services.add(ServiceProcess.launch(name, jar(config, module), port, heap, jvmOptions, env, args, logs));
  }

  /** The worker id, service name and log name of the i-th trainer (1-based). */
  public static String trainerName(int i) {
    return "trainer-local-" + i;
  }

  /** Kills a service as a crash would (SIGKILL, no shutdown hooks): for fault tests. */
  public void kill(String serviceName) {
    services.stream().filter(s -> s.name().equals(serviceName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No service " + serviceName))
        .kill();
  }

  /** Crashes the Kafka broker (SIGKILL) and starts it again on its data after {@code downtime}. */
  public void crashAndRestartKafka(Duration downtime) throws IOException, InterruptedException {
    infrastructure.crashAndRestartKafka(downtime);
  }

  /** Stops PostgreSQL and starts it again on its data after {@code downtime}. */
  public void restartPostgres(Duration downtime) throws IOException, InterruptedException {
    infrastructure.restartPostgres(downtime);
  }

  private static Path jar(StackConfig config, String module) {
    return config.repoRoot().resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
  }

  /**
   * The machine's cores shared among the trainers: PyTorch's OpenMP threads spin while they wait,
   * so trainers that each take every core slow each other down far more than their number.
   */
  private List<String> djlOptions() {
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / config.trainers());
    return List.of("-Dai.djl.pytorch.num_threads=" + threads);
  }

  /** DJL's native library cache and allocator settings for the workers. */
  private static Map<String, String> djlEnvironment() {
    Map<String, String> env = new HashMap<>(ServiceProcess.DJL_MALLOC);
    env.put("DJL_OFFLINE", "true");
    return env;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  public StackConfig config() {
    return config;
  }

  public String kafkaBootstrap() {
    return infrastructure.kafkaBootstrap();
  }

  /** The bootstrap admin token this stack gave the API (also in {@code <workDir>/admin-token}). */
  public String adminToken() {
    return adminToken;
  }

  /** Stops the services (newest first), then the broker and the database. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    services.clear();
    if (infrastructure != null) {
      try {
        infrastructure.close();
      } catch (IOException e) {
        System.err.println("Stopping PostgreSQL/Kafka: " + e);
      }
    }
  }

  /**
   * Runs the stack, submits the demo run, follows it to the leaderboard, and keeps serving until
   * Ctrl-C (or exits at once with {@code --exit-after-demo}).
   */
  public static void main(String[] args) throws Exception {
    List<String> options = List.of(args);
    StackConfig config = StackConfig.defaults(StackConfig.findRepoRoot(Path.of("")));
    System.setProperty("normlab.logs", config.workDir().resolve("logs").toString());
    Console console = new Console(System.out);
    LocalStack stack;
    try {
      stack = start(config, console);
    } catch (Preflight.MissingPrerequisiteException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(
        new Thread(() -> console.step("Stopping everything this stack started"), "local-stack-goodbye"));

    if (!options.contains("--no-demo")) {
      new DemoRun(config.apiUrl(), stack.adminToken(), console).run();
    }
    console.urls(config, stack.kafkaBootstrap(), stack.adminToken());
    if (options.contains("--exit-after-demo")) {
      System.exit(0); // the broker's threads would keep the JVM alive; exiting runs the stop hook
    }
    console.step("Serving until Ctrl-C");
    Thread.currentThread().join();
  }
}

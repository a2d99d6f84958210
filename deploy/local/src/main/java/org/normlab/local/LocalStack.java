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
  private final Infrastructure infrastructure;
  private final List<ServiceProcess> services;

  private LocalStack(StackConfig config, Infrastructure infrastructure, List<ServiceProcess> services) {
    this.config = config;
    this.infrastructure = infrastructure;
    this.services = services;
  }

  /** Starts everything and returns once every service reports healthy. */
  public static LocalStack start(StackConfig config, Console console) throws IOException, InterruptedException {
    Preflight.requireFashionMnist(config.fashionMnistDir());
    console.step("Starting PostgreSQL on :" + config.postgresPort() + " and a Kafka (KRaft) broker");
    Infrastructure infrastructure = Infrastructure.start(config);
    console.step("Kafka is at " + infrastructure.kafkaBootstrap());
    List<ServiceProcess> services = new ArrayList<>();
    LocalStack stack = new LocalStack(config, infrastructure, services);
    try {
      Path logs = config.workDir().resolve("logs");
      Path checkpoints = config.workDir().resolve("checkpoints");
      Files.createDirectories(checkpoints);
      List<String> kafka = List.of("--spring.kafka.bootstrap-servers=" + infrastructure.kafkaBootstrap());
      List<String> workers = concat(kafka, List.of(
          "--normlab.checkpoint-dir=" + checkpoints,
          "--normlab.datasets.fashion-mnist.location=" + config.fashionMnistDir()));

      console.step("Starting api-service, " + config.trainers() + " trainer-worker(s), eval-worker and web-ui (logs in "
          + logs + ")");
      services.add(ServiceProcess.launch("api-service", jar(config, "api-service"), config.apiPort(), "512m", Map.of(),
          concat(kafka, List.of(
              "--spring.datasource.url=" + infrastructure.jdbcUrl(),
              "--spring.datasource.username=postgres",
              "--spring.datasource.password=postgres",
              "--normlab.scheduler.lease=" + config.lease().toMillis() + "ms")), logs));
      for (int i = 1; i <= config.trainers(); i++) {
        services.add(ServiceProcess.launch(trainerName(i), jar(config, "trainer-worker"), config.trainerPort(i - 1),
            "768m", djlEnvironment(), concat(workers, List.of(
                "--normlab.worker-id=" + trainerName(i),
                "--normlab.reporting.checkpoint-every-iterations=" + config.checkpointEvery())), logs));
      }
      services.add(ServiceProcess.launch("eval-worker", jar(config, "eval-worker"), config.evalPort(), "512m",
          djlEnvironment(), concat(workers, List.of("--normlab.worker-id=eval-local-1")), logs));
      services.add(ServiceProcess.launch("web-ui", jar(config, "web-ui"), config.uiPort(), "256m", Map.of(),
          List.of("--normlab.api-url=" + config.apiUrl()), logs));
      for (ServiceProcess service : services) {
        service.awaitHealthy(STARTUP);
        console.step(service.name() + " is up");
      }
      return stack;
    } catch (IOException | InterruptedException | RuntimeException e) {
      stack.close();
      throw e;
    }
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

  private static Path jar(StackConfig config, String module) {
    return config.repoRoot().resolve(module).resolve("target").resolve(module + "-0.1.0-SNAPSHOT-exec.jar");
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

  @Override
  public void close() {
    for (int i = services.size() - 1; i >= 0; i--) {
      services.get(i).close();
    }
    services.clear();
    try {
      infrastructure.close();
    } catch (IOException e) {
      System.err.println("Stopping PostgreSQL/Kafka: " + e);
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
    Thread stopper = new Thread(() -> {
      console.step("Stopping everything this stack started");
      stack.close();
    }, "local-stack-stop");
    Runtime.getRuntime().addShutdownHook(stopper);

    if (!options.contains("--no-demo")) {
      new DemoRun(config.apiUrl(), console).run();
    }
    console.urls(config, stack.kafkaBootstrap());
    if (options.contains("--exit-after-demo")) {
      System.exit(0); // the broker's threads would keep the JVM alive; exiting runs the stop hook
    }
    console.step("Serving until Ctrl-C");
    Thread.currentThread().join();
  }
}

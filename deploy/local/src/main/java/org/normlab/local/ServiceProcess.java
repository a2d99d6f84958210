package org.normlab.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as a child JVM from its executable jar, with its log in a file. */
final class ServiceProcess implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  /**
   * glibc keeps freed native blocks instead of returning them to the OS: without this DJL training
   * runs at about 0.73x of PyTorch's speed on CPU (reference/djl-notes.md section 6).
   */
  static final Map<String, String> DJL_MALLOC = Map.of(
      "MALLOC_MMAP_THRESHOLD_", "4294967296",
      "MALLOC_TRIM_THRESHOLD_", "68719476736",
      "MALLOC_TOP_PAD_", "1073741824");

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private ServiceProcess(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static ServiceProcess launch(String name, Path jar, int port, String maxHeap, List<String> jvmOptions,
      Map<String, String> env, List<String> args, Path logDir) throws IOException {
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("Missing " + jar + ": build first with ./mvnw -DskipTests package");
    }
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // Serial GC: on a 2-core machine four JVMs with parallel collectors fight for the cores.
        "-Xmx" + maxHeap, "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    builder.environment().putAll(env);
    return new ServiceProcess(name, builder.start(), log, port);
  }

  /** Waits until the service's health endpoint answers UP, or fails naming its log. */
  void awaitHealthy(Duration timeout) throws InterruptedException {
    Instant deadline = Instant.now().plus(timeout);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
        .timeout(Duration.ofSeconds(2)).GET().build();
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(name + " did not become healthy within " + timeout + "; see " + log);
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** SIGKILL, as a crashed node: no shutdown hook runs, nothing is flushed. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** SIGTERM to the JVM and its descendants, then SIGKILL to whatever is left after 15 s. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      tree.forEach(ProcessHandle::destroyForcibly);
      Thread.currentThread().interrupt();
    }
  }
}

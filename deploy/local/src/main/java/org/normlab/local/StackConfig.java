package org.normlab.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the local stack listens and keeps its files.
 *
 * @param repoRoot the checkout, whose modules' {@code target/*-exec.jar} are launched
 * @param workDir logs, checkpoints and broker data of this stack
 * @param fashionMnistDir the Fashion-MNIST IDX files the workers read
 * @param kafkaPort the broker's port; its KRaft controller listens on the next one
 * @param trainers how many trainer workers to run (ports trainerPort, trainerPort + 10, ...)
 * @param lease how long the API waits for a silent worker before re-dispatching its run
 * @param checkpointEvery iterations between a trainer's periodic checkpoints
 */
public record StackConfig(
    Path repoRoot,
    Path workDir,
    Path fashionMnistDir,
    int postgresPort,
    int kafkaPort,
    int apiPort,
    int trainerPort,
    int evalPort,
    int uiPort,
    int trainers,
    java.time.Duration lease,
    int checkpointEvery) {

  public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  /** The README's ports, under {@code <repo>/.normlab/local}. */
  public static StackConfig defaults(Path repoRoot) {
    return new StackConfig(repoRoot, repoRoot.resolve(".normlab/local"), DEBIAN_FASHION_MNIST,
        55432, 19092, 8080, 8081, 8082, 8090, 1, java.time.Duration.ofSeconds(15), 200);
  }

  /** Finds the checkout above {@code start}: the directory holding mvnw and api-service/. */
  public static Path findRepoRoot(Path start) {
    for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("api-service"))) {
        return dir;
      }
    }
    throw new IllegalStateException("Not inside a NormLab checkout: no mvnw and api-service/ above " + start);
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + apiPort;
  }

  public int trainerPort(int index) {
    return trainerPort + 10 * index;
  }

  public String uiUrl() {
    return "http://127.0.0.1:" + uiPort;
  }
}

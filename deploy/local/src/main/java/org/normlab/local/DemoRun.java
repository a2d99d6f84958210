package org.normlab.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * The local stack's demo: one short Fashion-MNIST run, followed live from QUEUED to the
 * leaderboard. It trains for real; nothing here is precomputed.
 */
final class DemoRun {

  /**
   * A small ResNet-10 (width 16, BN over groups of 32) for one epoch: a few minutes on two cores.
   * The recipe fashion-mnist-demo (docs/recipes.md) holds everything but the norm and the seed.
   */
  static final String SPEC = """
      {"name": "demo: resnet10 bn fashion-mnist", "recipe": "fashion-mnist-demo", "dataset": "fashion-mnist",
       "norm": "bn", "seed": 42}
      """;

  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  private final ApiClient api;
  private final Console console;

  DemoRun(String apiUrl, String token, Console console) {
    this.api = new ApiClient(apiUrl, token);
    this.console = console;
  }

  void run() throws InterruptedException {
    JsonNode created = api.submit(SPEC);
    String id = created.get("id").asString();
    console.step("Submitted demo run " + id + " (" + created.get("status").asString() + ")");
    JsonNode run = follow(id);
    console.endStatus();
    if (!"SUCCEEDED".equals(run.get("status").asString())) {
      console.step("Demo run ended " + run.get("status").asString() + ": " + run.path("failure").asString(""));
      return;
    }
    printLeaderboard();
  }

  private JsonNode follow(String id) throws InterruptedException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    JsonNode run = api.get("/api/v1/experiments/" + id);
    while (Instant.now().isBefore(deadline)) {
      run = api.get("/api/v1/experiments/" + id);
      String status = run.get("status").asString();
      console.status(describe(status, run.get("progress")));
      if ("SUCCEEDED".equals(status) || "FAILED".equals(status)) {
        return run;
      }
      Thread.sleep(1000);
    }
    throw new IllegalStateException("Demo run " + id + " did not finish within " + TIMEOUT);
  }

  private static String describe(String status, JsonNode p) {
    if (p == null || p.get("iteration") == null || p.get("iteration").isNull()) {
      return status;
    }
    long iteration = p.get("iteration").asLong();
    long total = Math.max(1, p.get("totalIterations").asLong());
    int width = 30;
    int filled = (int) Math.min(width, width * iteration / total);
    return String.format(Locale.ROOT, "%-10s [%s%s] %d/%d  loss %.4f  lr %.4f  %.0f img/s", status,
        "#".repeat(filled), ".".repeat(width - filled), iteration, total, p.get("loss").asDouble(),
        p.get("lr").asDouble(), p.get("imagesPerSecond").asDouble());
  }

  private void printLeaderboard() {
    JsonNode board = api.get("/api/v1/leaderboards/fashion-mnist");
    console.step("Leaderboard fashion-mnist (test split, ranked by top-1 error)");
    console.line(String.format(Locale.ROOT, "%-4s %-10s %-6s %-8s %-6s %-8s %-8s %s", "rank", "backbone", "norm",
        "normBS", "BS", "top1 %", "top5 %", "run"));
    for (JsonNode row : board.get("rows")) {
      console.line(String.format(Locale.ROOT, "%-4d %-10s %-6s %-8d %-6d %-8.2f %-8.2f %s", row.get("rank").asInt(),
          row.get("backbone").asString(), row.get("norm").asString(), row.get("normBatchSize").asInt(),
          row.get("batchSize").asInt(), row.get("top1Error").asDouble(), row.get("top5Error").asDouble(),
          row.get("runId").asString()));
    }
  }
}

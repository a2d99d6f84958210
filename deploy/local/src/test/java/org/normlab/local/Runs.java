package org.normlab.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** Waiting on runs and reading them back through the API, for the end-to-end tests. */
final class Runs {

  static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
  private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

  private final ApiClient api;

  Runs(ApiClient api) {
    this.api = api;
  }

  JsonNode get(String id) {
    return api.get("/api/v1/experiments/" + id);
  }

  /** Polls the run until it reaches a final state. */
  JsonNode awaitFinished(String id) throws InterruptedException {
    return await(id, run -> FINAL.contains(run.get("status").asString()), "finish");
  }

  /** Polls the run until it has reported at least {@code iteration} iterations. */
  JsonNode awaitIteration(String id, long iteration) throws InterruptedException {
    return await(id, run -> run.at("/progress/iteration").asLong() >= iteration, "reach iteration " + iteration);
  }

  JsonNode await(String id, Predicate<JsonNode> condition, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(RUN_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      JsonNode run = get(id);
      if (condition.test(run)) {
        return run;
      }
      if (FINAL.contains(run.get("status").asString())) {
        throw new AssertionError("run " + id + " ended " + run.get("status") + " before it could " + what + ": "
            + run.path("failure"));
      }
      Thread.sleep(500);
    }
    throw new AssertionError("run " + id + " did not " + what + " within " + RUN_TIMEOUT);
  }

  JsonNode metrics(String id) {
    return api.get("/api/v1/experiments/" + id + "/metrics");
  }

  JsonNode events(String id) {
    return api.get("/api/v1/experiments/" + id + "/events");
  }

  /** (iteration, loss) of every metric point, in order: two equal lists mean equal curves. */
  List<String> curve(String id) {
    List<String> points = new ArrayList<>();
    for (JsonNode point : metrics(id)) {
      points.add(point.get("iteration").asLong() + ":" + point.get("loss").asDouble());
    }
    return points;
  }

  static JsonNode rowOf(JsonNode board, String runId) {
    for (JsonNode row : board.get("rows")) {
      if (runId.equals(row.get("runId").asString())) {
        return row;
      }
    }
    throw new AssertionError("run " + runId + " is not on the leaderboard " + board);
  }
}

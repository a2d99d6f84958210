package org.normlab.api.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.EvaluatedRuns;
import org.normlab.api.support.SimulatedWorker;
import tools.jackson.databind.JsonNode;

/** Leaderboards per (task, dataset, metric): filters, our runs beside the paper tables, bad input. */
class LeaderboardIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void ourRunSitsBesideTheReferenceRowThatDescribesItWithTheDelta() {
    String tag = tag();
    UUID run = evaluated(tag, "bn", 32, 7.99, 0.2, null);

    JsonNode board = board("/api/v1/leaderboards/fashion-mnist?backbone=resnet10&norm=bn&normBatchSize=32&tag=" + tag,
        1);
    JsonNode row = board.get("rows").get(0);
    assertThat(row.get("runId").asString()).isEqualTo(run.toString());
    assertThat(row.get("value").asDouble()).isEqualTo(7.99);
    assertThat(row.at("/reference/table").asString()).isEqualTo("normlab-fashion-mnist");
    assertThat(row.at("/reference/row").asString()).isEqualTo("bn-nbs32");
    assertThat(row.at("/reference/paper").asDouble()).isEqualTo(7.49);
    assertThat(row.at("/reference/delta").asDouble()).isEqualTo(0.5);
    assertThat(row.get("configHash").asString()).hasSize(64);
    assertThat(row.get("codeVersion").asString()).isNotBlank();
    assertThat(row.get("checkpointSha256").asString()).isEqualTo(EvaluatedRuns.sha(run));
    assertThat(row.at("/links/run").asString()).isEqualTo("/api/v1/experiments/" + run);

    JsonNode reference = only(board.get("references"), "bn-nbs32");
    assertThat(reference.get("paper").asDouble()).isEqualTo(7.49);
    assertThat(reference.get("ours").asDouble()).isEqualTo(7.99);
    assertThat(reference.get("oursRunId").asString()).isEqualTo(run.toString());
    assertThat(reference.get("delta").asDouble()).isEqualTo(0.5);
    assertThat(reference.get("kind").asString()).isEqualTo("measured");
    // The filters leave out the paper rows with another normalization batch.
    assertThat(board.get("references")).hasSize(1);
  }

  @Test
  void filtersNarrowByNormBatchSizesAndTagsAndTheMetricChangesTheRanking() {
    String tag = tag();
    UUID bn = evaluated(tag, "bn", 32, 9.0, 0.3, 5000.0);
    UUID mabn = evaluated(tag, "mabn", 2, 8.0, 0.5, 2000.0);
    UUID gn = evaluated(tag, "gn:8", 32, 10.0, 0.1, 3000.0);

    assertThat(runIds(board("/api/v1/leaderboards/fashion-mnist?tag=" + tag, 3))).containsExactly(mabn, bn, gn);
    assertThat(runIds(board("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&metric=top5Error", 3)))
        .containsExactly(gn, bn, mabn);
    JsonNode speed = board("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&metric=imagesPerSecond", 3);
    assertThat(runIds(speed)).containsExactly(bn, gn, mabn);
    assertThat(speed.get("lowerIsBetter").asBoolean()).isFalse();
    assertThat(runIds(board("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&normBatchSize=2", 1)))
        .containsExactly(mabn);
    assertThat(runIds(board("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&norm=gn:8&batchSize=32", 1)))
        .containsExactly(gn);
    assertThat(get("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&tag=other-" + tag).body().get("total")
        .asLong()).isZero();
    JsonNode second = get("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&size=2&page=1").body();
    assertThat(second.get("total").asLong()).isEqualTo(3);
    assertThat(second.get("rows").get(0).get("rank").asInt()).isEqualTo(3);
  }

  @Test
  void rowsShowTheRecipeAndTheReplicasTheRunTrainedOnAndTheRecipeFilters() {
    String tag = tag();
    Response created = post("/api/v1/experiments", """
        {"name": "lb-recipe", "recipe": "fashion-mnist-demo", "dataset": "fashion-mnist", "backbone": "resnet10",
         "norm": "bn", "iterations": 20, "seed": %d, "tags": ["%s"]}
        """.formatted(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), tag));
    assertThat(created.status()).isEqualTo(201);
    UUID withRecipe = UUID.fromString(created.body().get("id").asString());
    EvaluatedRuns.complete(worker, withRecipe, 8.5, 0.2, null, 2);
    await().atMost(WAIT).until(() -> status(withRecipe).equals("SUCCEEDED"));
    UUID plain = evaluated(tag, "bn", 32, 8.0, 0.2, null);

    JsonNode both = board("/api/v1/leaderboards/fashion-mnist?tag=" + tag, 2);
    JsonNode recipeRow = both.get("rows").get(runIds(both).indexOf(withRecipe));
    assertThat(recipeRow.get("recipe").asString()).isEqualTo("fashion-mnist-demo");
    assertThat(recipeRow.get("replicas").asInt()).isEqualTo(2);
    JsonNode plainRow = both.get("rows").get(runIds(both).indexOf(plain));
    assertThat(plainRow.get("recipe").isNull()).isTrue();
    assertThat(plainRow.get("replicas").isNull()).isTrue();

    assertThat(runIds(board("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&recipe=fashion-mnist-demo", 1)))
        .containsExactly(withRecipe);
    assertThat(runIds(board("/api/v1/leaderboards/fashion-mnist?tag=" + tag + "&recipe=mabn-imagenet", 0))).isEmpty();
  }

  @Test
  void paperTablesShowOnDatasetsThisServerCannotTrainOn() {
    JsonNode imagenet = get("/api/v1/leaderboards/imagenet").body();
    assertThat(imagenet.get("rows")).isEmpty();
    assertThat(imagenet.get("references")).hasSize(16 + 4);
    JsonNode resnet50 = only(imagenet.get("references"), "resnet50_ibn_a");
    assertThat(resnet50.get("paper").asDouble()).isEqualTo(22.54);
    assertThat(resnet50.get("ours").isNull()).isTrue();
    assertThat(resnet50.get("delta").isNull()).isTrue();

    JsonNode smallBatch = get("/api/v1/leaderboards/imagenet?backbone=resnet50&normBatchSize=2").body();
    assertThat(labels(smallBatch)).containsExactly("bn-nbs2", "brn-nbs2", "mabn-nbs2");

    JsonNode coco = get("/api/v1/leaderboards/coco?task=detection&metric=maskAp").body();
    assertThat(coco.get("references")).hasSize(6);
    assertThat(only(coco.get("references"), "finetune-mabn").get("paper").asDouble()).isEqualTo(34.12);

    JsonNode speed = get("/api/v1/leaderboards/imagenet?metric=imagesPerSecond").body();
    assertThat(only(speed.get("references"), "gn").get("paper").asDouble()).isEqualTo(0.4177);
  }

  @Test
  void badParametersAreAllNamedWithTheirAllowedValues() {
    Response response = get("/api/v1/leaderboards/fashion-mnist?metric=top1&normBatchSize=two&backbon=resnet10");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode errors = response.body().get("errors");
    assertThat(fields(errors)).containsExactlyInAnyOrder("metric", "normBatchSize", "backbon");
    assertThat(allowed(errors, "metric")).containsExactly("top1Error", "top5Error", "imagesPerSecond");
    assertThat(allowed(errors, "backbon")).contains("backbone", "norm", "normBatchSize", "batchSize", "tag");

    JsonNode unknown = get("/api/v1/leaderboards/mnist?task=segmentation").body().get("errors");
    assertThat(fields(unknown)).containsExactlyInAnyOrder("dataset", "task");
    // Other tests of the shared context register datasets of their own: these are the configured and paper ones.
    assertThat(allowed(unknown, "dataset")).contains("coco", "fashion-mnist", "imagenet").doesNotContain("mnist");
    assertThat(allowed(unknown, "task")).containsExactly("classification", "detection");
    assertThat(fields(get("/api/v1/leaderboards/coco?task=detection&metric=top1Error").body().get("errors")))
        .containsExactly("metric");
  }

  private UUID evaluated(String tag, String norm, int normBatchSize, double top1, double top5, Double speed) {
    Response created = post("/api/v1/experiments", """
        {"name": "lb-%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "%s", "normBatchSize": %d,
         "batchSize": 32, "iterations": 20, "seed": %d, "tags": ["%s", "leaderboard-it"]}
        """.formatted(norm, norm, normBatchSize, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), tag));
    assertThat(created.status()).isEqualTo(201);
    UUID id = UUID.fromString(created.body().get("id").asString());
    EvaluatedRuns.complete(worker, id, top1, top5, speed);
    await().atMost(WAIT).until(() -> status(id).equals("SUCCEEDED"));
    return id;
  }

  private JsonNode board(String path, int expectedRows) {
    await().atMost(WAIT).until(() -> get(path).body().get("rows").size() == expectedRows);
    return get(path).body();
  }

  private static List<UUID> runIds(JsonNode board) {
    List<UUID> ids = new ArrayList<>();
    board.get("rows").forEach(r -> ids.add(UUID.fromString(r.get("runId").asString())));
    return ids;
  }

  private static List<String> labels(JsonNode board) {
    List<String> rows = new ArrayList<>();
    board.get("references").forEach(r -> rows.add(r.get("row").asString()));
    return rows;
  }

  private static JsonNode only(JsonNode references, String row) {
    List<JsonNode> found = new ArrayList<>();
    references.forEach(r -> {
      if (r.get("row").asString().equals(row)) {
        found.add(r);
      }
    });
    assertThat(found).as("reference rows %s", row).hasSize(1);
    return found.get(0);
  }

  private static String tag() {
    return "t" + UUID.randomUUID().toString().substring(0, 8);
  }
}

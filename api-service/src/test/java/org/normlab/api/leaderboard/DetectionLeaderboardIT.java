package org.normlab.api.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.Datasets;
import org.normlab.api.support.EvaluatedRuns;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.contracts.eval.CocoSummary;
import tools.jackson.databind.JsonNode;

/**
 * Detection results reach the COCO leaderboards: an evaluation-completed message with box and mask
 * AP is stored, ranked by each COCO metric, and set beside the MABN paper's rows with the delta.
 */
class DetectionLeaderboardIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @BeforeEach
  void registerCoco() {
    Datasets.activate(this, "coco", "detection", 80);
  }

  @AfterEach
  void retireCocoAndStopWorker() {
    Datasets.retire(this, "coco");
    worker.close();
  }

  @Test
  void detectionRunsRankByBoxAndMaskApBesideThePaperRowsWithTheDelta() {
    String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
    // ap, ap50, ap75, small, medium, large, ar1, ar10, ar100, small, medium, large (fractions, -1 undefined)
    UUID mabn = evaluated(tag, "mabn",
        summary(0.35, 0.55, 0.39, 0.2, 0.38, 0.46, 0.3, 0.47, 0.5, -1, 0.52, 0.63),
        summary(0.3119, 0.5, 0.33, 0.15, 0.33, 0.45, 0.28, 0.43, 0.45, -1, 0.48, 0.6));
    UUID bn = evaluated(tag, "bn",
        summary(0.30, 0.48, 0.33, 0.17, 0.33, 0.4, 0.26, 0.41, 0.44, -1, 0.47, 0.57),
        summary(0.32, 0.51, 0.34, 0.16, 0.34, 0.46, 0.29, 0.44, 0.46, -1, 0.49, 0.61));

    JsonNode box = board("/api/v1/leaderboards/coco?task=detection&metric=boxAp&tag=" + tag, 2);
    assertThat(runIds(box)).containsExactly(mabn, bn);
    assertThat(box.get("unit").asString()).isEqualTo("AP %");
    assertThat(box.get("lowerIsBetter").asBoolean()).isFalse();
    JsonNode top = box.get("rows").get(0);
    assertThat(top.get("value").asDouble()).isEqualTo(35.0);
    assertThat(top.get("boxAp").asDouble()).isEqualTo(35.0);
    assertThat(top.get("maskAp").asDouble()).isEqualTo(31.19);
    assertThat(top.get("top1Error").isNull()).as("a detection run has no top-1 error").isTrue();
    assertThat(top.get("samples").asLong()).isEqualTo(5000);
    assertThat(top.at("/reference/table").asString()).isEqualTo("mabn-coco");
    assertThat(top.at("/reference/row").asString()).isEqualTo("scratch-mabn");
    assertThat(top.at("/reference/paper").asDouble()).isEqualTo(36.50);
    assertThat(top.at("/reference/delta").asDouble()).isEqualTo(-1.5);
    assertThat(box.get("rows").get(1).at("/reference/row").asString()).isEqualTo("scratch-bn");
    assertThat(box.get("rows").get(1).at("/reference/delta").asDouble()).isEqualTo(-2.38);

    JsonNode paperMabn = only(box.get("references"), "scratch-mabn");
    assertThat(paperMabn.get("paper").asDouble()).isEqualTo(36.50);
    assertThat(paperMabn.get("ours").asDouble()).isEqualTo(35.0);
    assertThat(paperMabn.get("oursRunId").asString()).isEqualTo(mabn.toString());
    assertThat(paperMabn.get("delta").asDouble()).isEqualTo(-1.5);
    // SyncBN and fine-tune rows stay beside ours without a run of ours.
    assertThat(only(box.get("references"), "finetune-syncbn").get("ours").isNull()).isTrue();
    assertThat(box.get("references")).hasSize(6);

    JsonNode mask = board("/api/v1/leaderboards/coco?task=detection&metric=maskAp&tag=" + tag, 2);
    assertThat(runIds(mask)).containsExactly(bn, mabn);
    assertThat(only(mask.get("references"), "scratch-mabn").get("delta").asDouble()).isEqualTo(-1.5);
    assertThat(only(mask.get("references"), "scratch-bn").get("delta").asDouble()).isEqualTo(2.93);

    JsonNode ap50 = board("/api/v1/leaderboards/coco?task=detection&metric=boxAp50&tag=" + tag, 2);
    assertThat(ap50.get("rows").get(0).get("value").asDouble()).isCloseTo(55.0, within(1e-9));
    assertThat(only(ap50.get("references"), "scratch-mabn").get("paper").asDouble()).isEqualTo(55.79);
    // Metrics no paper reports rank our runs with no reference rows.
    JsonNode small = board("/api/v1/leaderboards/coco?task=detection&metric=boxApSmall&tag=" + tag, 2);
    assertThat(runIds(small)).containsExactly(mabn, bn);
    assertThat(small.get("references")).isEmpty();
  }

  @Test
  void anUnknownDetectionMetricIsRefusedListingTheCocoOnes() {
    Response refused = get("/api/v1/leaderboards/coco?task=detection&metric=top1Error");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(org.normlab.api.support.ProblemErrors.allowed(refused.body().get("errors"), "metric"))
        .contains("boxAp", "boxAp50", "boxAp75", "maskAp", "maskAp50", "maskAp75");
  }

  private UUID evaluated(String tag, String norm, CocoSummary bbox, CocoSummary segm) {
    Response created = post("/api/v1/experiments", """
        {"name": "coco-%s", "task": "detection", "dataset": "coco", "backbone": "resnet50", "norm": "%s",
         "normBatchSize": 2, "recipe": "mabn-coco", "seed": 2020, "tags": ["%s"], "force": true}
        """.formatted(norm, norm, tag));
    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    UUID id = UUID.fromString(created.body().get("id").asString());
    EvaluatedRuns.completeDetection(worker, id, bbox, segm);
    await().atMost(WAIT).until(() -> status(id).equals("SUCCEEDED"));
    return id;
  }

  private static CocoSummary summary(double... stats) {
    return CocoSummary.fromStats(stats);
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
}

package org.normlab.api.suite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.Datasets;
import org.normlab.api.support.EvaluatedRuns;
import org.normlab.api.support.SimulatedWorker;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.databind.JsonNode;

/** Reproduction suites: launched by REST or cron, reported row by row against the paper. */
class SuiteIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired SuiteScheduler scheduler;
  @Autowired SuiteCatalog catalog;

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void theFourSuitesAreListedWithTheirRows() {
    JsonNode suites = get("/api/v1/suites").body();
    List<String> names = new ArrayList<>();
    suites.forEach(s -> names.add(s.get("name").asString()));
    assertThat(names).containsExactly("coco-shapes", "fashion-mnist-norms", "ibn-net-imagenet", "mabn-coco",
        "mabn-imagenet");
    JsonNode coco = get("/api/v1/suites/mabn-coco").body();
    assertThat(coco.get("rows").asInt()).isEqualTo(6);
    assertThat(coco.get("runnableRows").asInt()).isEqualTo(4);
  }

  @Test
  void cpuSuiteRunsItsRowsAndFailsWhenOneRowIsOutsideTheTolerance() {
    Response launched = post("/api/v1/suites/fashion-mnist-norms/launches", "{\"force\": true}");
    assertThat(launched.status()).isEqualTo(201);
    JsonNode report = launched.body();
    assertThat(launched.location()).endsWith("/launches/" + report.get("launchId").asString());
    assertThat(report.get("verdict").asString()).isEqualTo("IN_PROGRESS");
    assertThat(report.get("tolerance").asDouble()).isEqualTo(1.0);
    assertThat(statuses(report)).containsOnly("PENDING");
    Map<String, UUID> runs = runs(report);
    EvaluatedRuns.claim(worker, runs.values());
    assertThat(runs).containsOnlyKeys("bn-nbs32", "mabn-nbs2", "bn-nbs2", "brn-nbs2");

    EvaluatedRuns.complete(worker, runs.get("bn-nbs32"), 7.80, 0.1, null);  // paper 7.49
    EvaluatedRuns.complete(worker, runs.get("mabn-nbs2"), 7.06, 0.1, null); // paper 7.56
    EvaluatedRuns.complete(worker, runs.get("bn-nbs2"), 8.78, 0.1, null);   // paper 7.78: exactly 1.0 off
    EvaluatedRuns.complete(worker, runs.get("brn-nbs2"), 9.50, 0.1, null);  // paper 7.86: 1.64 off
    String path = launched.location();
    await().atMost(WAIT).until(() -> !get(path).body().get("verdict").asString().equals("IN_PROGRESS"));

    JsonNode done = get(path).body();
    assertThat(done.get("verdict").asString()).isEqualTo("FAIL");
    assertThat(done.get("rowsChecked").asInt()).isEqualTo(4);
    JsonNode brn = row(done, "brn-nbs2");
    assertThat(brn.get("paper").asDouble()).isEqualTo(7.86);
    assertThat(brn.get("ours").asDouble()).isEqualTo(9.5);
    assertThat(brn.get("delta").asDouble()).isEqualTo(1.64);
    assertThat(brn.get("status").asString()).isEqualTo("OUT_OF_TOLERANCE");
    assertThat(row(done, "bn-nbs2").get("status").asString()).isEqualTo("WITHIN_TOLERANCE");
    assertThat(row(done, "mabn-nbs2").get("delta").asDouble()).isEqualTo(-0.5);
    JsonNode run = get(row(done, "bn-nbs32").get("run").asString()).body();
    assertThat(run.at("/spec/tags/0").asString()).isEqualTo("suite:fashion-mnist-norms");
  }

  @Test
  void relaunchLinksTheCompletedRunsInsteadOfTrainingAndPassesWithinTolerance() {
    JsonNode first = post("/api/v1/suites/fashion-mnist-norms/launches", "{\"force\": true}").body();
    Map<String, UUID> runs = runs(first);
    EvaluatedRuns.claim(worker, runs.values());
    runs.values().forEach(id -> EvaluatedRuns.complete(worker, id, 7.6, 0.1, null));
    await().atMost(WAIT).until(() -> get("/api/v1/suites/fashion-mnist-norms/launches/"
        + first.get("launchId").asString()).body().get("verdict").asString().equals("PASS"));

    JsonNode again = post("/api/v1/suites/fashion-mnist-norms/launches", "").body();

    assertThat(again.get("verdict").asString()).isEqualTo("PASS");
    assertThat(runs(again)).isEqualTo(runs);
    again.get("rows").forEach(r -> assertThat(r.get("deduplicated").asBoolean()).isTrue());
    assertThat(again.get("rowsChecked").asInt()).isEqualTo(4);
    assertThat(again.get("notRunHere").asInt()).isZero();
  }

  @Test
  void rowsThatCannotRunHereAreReportedWithTheReasonNotDropped() {
    JsonNode coco = post("/api/v1/suites/mabn-coco/launches", "").body();
    assertThat(coco.get("rows")).hasSize(6);
    assertThat(statuses(coco)).containsOnly("DATASET_NOT_REGISTERED", "NOT_RUNNABLE");
    assertThat(row(coco, "scratch-mabn").get("status").asString()).isEqualTo("DATASET_NOT_REGISTERED");
    assertThat(row(coco, "scratch-mabn").get("note").asString()).contains("'coco'");
    assertThat(row(coco, "scratch-mabn").get("paper").asDouble()).isEqualTo(36.50);
    assertThat(row(coco, "finetune-mabn").get("status").asString()).isEqualTo("NOT_RUNNABLE");
    assertThat(row(coco, "finetune-mabn").get("note").asString()).contains("pretrained");
    assertThat(coco.get("verdict").asString()).isEqualTo("NOT_RUN");

    JsonNode imagenet = post("/api/v1/suites/ibn-net-imagenet/launches", "").body();
    assertThat(imagenet.get("rows")).hasSize(16);
    assertThat(statuses(imagenet)).containsOnly("DATASET_NOT_REGISTERED");
    assertThat(row(imagenet, "resnet50_ibn_a").get("paper").asDouble()).isEqualTo(22.54);
    assertThat(row(imagenet, "resnet50_ibn_a").get("note").asString()).contains("'imagenet'", "fashion-mnist");
    assertThat(imagenet.get("verdict").asString()).isEqualTo("NOT_RUN");
    assertThat(imagenet.get("notRunHere").asInt()).isEqualTo(16);

    JsonNode mabn = post("/api/v1/suites/mabn-imagenet/launches", "").body();
    assertThat(List.of(row(mabn, "bn-nbs32").get("paper").asDouble(), row(mabn, "mabn-nbs2").get("paper").asDouble()))
        .containsExactly(23.41, 23.67);
  }

  @Test
  void withCocoRegisteredTheMabnCocoScratchRowsAreSubmittedAsDetectionRunsOfItsRecipe() {
    Datasets.activate(this, "coco", "detection", 80);
    try {
      JsonNode coco = post("/api/v1/suites/mabn-coco/launches", "{\"force\": true}").body();

      assertThat(row(coco, "finetune-syncbn").get("status").asString()).isEqualTo("NOT_RUNNABLE");
      Map<String, UUID> runs = new java.util.LinkedHashMap<>();
      coco.get("rows").forEach(r -> {
        if (r.get("status").asString().equals("PENDING")) {
          runs.put(r.get("id").asString(), UUID.fromString(r.get("experimentId").asString()));
        }
      });
      assertThat(runs).containsOnlyKeys("scratch-bn", "scratch-brn", "scratch-syncbn", "scratch-mabn");
      JsonNode mabn = get("/api/v1/experiments/" + runs.get("scratch-mabn")).body();
      assertThat(mabn.at("/spec/task").asString()).isEqualTo("detection");
      assertThat(mabn.at("/spec/backbone").asString()).isEqualTo("resnet50");
      assertThat(List.of(mabn.at("/spec/batchSize").asInt(), mabn.at("/spec/normBatchSize").asInt(),
          mabn.at("/spec/iterations").asInt())).containsExactly(16, 2, 180_000);
      assertThat(mabn.at("/spec/optimizer/lr").asDouble()).isEqualTo(0.02);
      assertThat(mabn.at("/spec/recipe/name").asString()).isEqualTo("mabn-coco");
      assertThat(get("/api/v1/experiments/" + runs.get("scratch-syncbn")).body().at("/spec/normBatchSize").asInt())
          .isEqualTo(16);
      runs.values().forEach(id -> call("POST", "/api/v1/experiments/" + id + "/cancel", null, ADMIN_TOKEN));
    } finally {
      Datasets.retire(this, "coco");
    }
  }

  @Test
  void aCronSlotLaunchesOnceHoweverOftenItIsTicked() {
    Suite coco = catalog.get("mabn-coco");
    CronExpression everyMinute = CronExpression.parse("0 * * * * *");
    Instant later = Instant.now().plus(2, ChronoUnit.MINUTES);

    var first = scheduler.launchDue(coco, everyMinute, later);
    var second = scheduler.launchDue(coco, everyMinute, later);

    assertThat(first).isPresent();
    assertThat(second).isEmpty();
    JsonNode report = get("/api/v1/suites/mabn-coco/launches/" + first.get()).body();
    assertThat(report.get("trigger").asString()).isEqualTo("SCHEDULE");
    assertThat(Instant.parse(report.get("scheduledFor").asString()))
        .isEqualTo(later.truncatedTo(ChronoUnit.MINUTES));
  }

  @Test
  void unknownSuitesAndLaunchesAre404AndBadLimitsAre400() {
    Response missing = post("/api/v1/suites/mabn-cifar/launches", "");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.contentType()).startsWith("application/problem+json");
    assertThat(missing.body().get("detail").asString()).contains("fashion-mnist-norms", "mabn-coco");
    assertThat(get("/api/v1/suites/mabn-coco/launches/" + UUID.randomUUID()).status()).isEqualTo(404);
    Response bad = get("/api/v1/suites/mabn-coco/launches?limit=0");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(fields(bad.body().get("errors"))).containsExactly("limit");
  }

  private static List<String> statuses(JsonNode report) {
    List<String> statuses = new ArrayList<>();
    report.get("rows").forEach(r -> statuses.add(r.get("status").asString()));
    return statuses;
  }

  private static Map<String, UUID> runs(JsonNode report) {
    Map<String, UUID> runs = new java.util.LinkedHashMap<>();
    report.get("rows").forEach(r -> runs.put(r.get("id").asString(), UUID.fromString(r.get("experimentId").asString())));
    return runs;
  }

  private static JsonNode row(JsonNode report, String id) {
    for (JsonNode r : report.get("rows")) {
      if (r.get("id").asString().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no row " + id + " in " + report);
  }
}

package org.normlab.api.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.EvaluatedRuns;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.api.support.TopicProbe;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Evaluating a run's checkpoint on demand; the leaderboard keeps each run's best evaluation. */
class OnDemandEvaluationIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired JdbcClient jdbc;

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void anOnDemandEvaluationIsSentAndOnlyABetterScoreReplacesTheRunsEntry() {
    String tag = "od" + UUID.randomUUID().toString().substring(0, 8);
    UUID run = UUID.fromString(post("/api/v1/experiments", """
        {"name": "on-demand", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn", "batchSize": 16,
         "iterations": 20, "seed": %d, "tags": ["%s"]}
        """.formatted(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), tag)).body().get("id").asString());
    EvaluatedRuns.complete(worker, run, 9.0, 0.5, null);
    await().atMost(WAIT).until(() -> top1(tag) == 9.0);

    Response accepted = post("/api/v1/experiments/" + run + "/evaluations", "");
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(accepted.body().get("checkpointSha256").asString()).isEqualTo(EvaluatedRuns.sha(run));
    UUID evaluationId = UUID.fromString(accepted.body().get("evaluationId").asString());
    EvaluationRequested request = ContractCodec.decode(TopicProbe.await(Topics.EVAL_REQUESTS,
            r -> r.value().contains(evaluationId.toString()), WAIT).orElseThrow().value(),
        EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION);
    assertThat(request.runId()).isEqualTo(run);
    assertThat(request.split()).isEqualTo("test");

    score(request, 8.25);
    await().atMost(WAIT).until(() -> top1(tag) == 8.25);

    UUID worse = UUID.fromString(post("/api/v1/experiments/" + run + "/evaluations",
        "{\"checkpointSha256\": \"" + EvaluatedRuns.sha(run) + "\"}").body().get("evaluationId").asString());
    score(ContractCodec.decode(TopicProbe.await(Topics.EVAL_REQUESTS, r -> r.value().contains(worse.toString()), WAIT)
        .orElseThrow().value(), EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION), 10.0);
    await().atMost(WAIT).until(() -> evaluated(worse));
    assertThat(top1(tag)).isEqualTo(8.25);
    assertThat(get("/api/v1/experiments/" + run).body().at("/result/evaluationId").asString())
        .isEqualTo(evaluationId.toString());
  }

  @Test
  void anUnknownCheckpointOrRunIsRefused() {
    UUID run = UUID.fromString(post("/api/v1/experiments", """
        {"name": "no-checkpoint", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 16, "iterations": 20, "seed": %d}
        """.formatted(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE))).body().get("id").asString());

    Response none = post("/api/v1/experiments/" + run + "/evaluations", "");
    assertThat(none.status()).isEqualTo(400);
    assertThat(none.contentType()).startsWith("application/problem+json");
    assertThat(fields(none.body().get("errors"))).containsExactly("checkpointSha256");
    assertThat(post("/api/v1/experiments/" + UUID.randomUUID() + "/evaluations", "").status()).isEqualTo(404);
  }

  private void score(EvaluationRequested request, double top1) {
    var result = new EvaluationCompleted(EvaluationCompleted.SCHEMA_VERSION, request.evaluationId(), request.runId(),
        EvaluationCompleted.Status.SUCCEEDED, "fashion-mnist", "test", request.checkpoint().sha256(),
        new ClassificationMetrics(top1, 0.5, 10_000, 4000, null), null, null, "eval-test", Instant.now());
    TopicProbe.send(Topics.EVAL_RESULTS, request.runId().toString(), ContractCodec.encode(result));
  }

  /** Whether the evaluation's result has been stored. */
  private boolean evaluated(UUID evaluationId) {
    return jdbc.sql("SELECT count(*) FROM evaluations WHERE id = ? AND completed_at IS NOT NULL")
        .param(evaluationId).query(Long.class).single() == 1;
  }

  private double top1(String tag) {
    JsonNode rows = get("/api/v1/leaderboards/fashion-mnist?tag=" + tag).body().get("rows");
    return rows.isEmpty() ? -1 : rows.get(0).get("top1Error").asDouble();
  }
}

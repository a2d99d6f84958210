package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.api.support.TopicProbe;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunEvent;
import tools.jackson.databind.JsonNode;

/**
 * The API's side of a run, driven over the real broker the way workers drive it: events in,
 * evaluation request out, result in, leaderboard row.
 */
class RunLifecycleIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void eventsAreIngestedOnceAndACompletedRunIsEvaluatedAndRanked() {
    UUID runId = submit("lifecycle-" + UUID.randomUUID(), "gn:8");
    var events = RunEvent.forAttempt(runId, 1, worker.id());
    CheckpointRef checkpoint = new CheckpointRef("runs/" + runId + "/attempt-1/iter-000000020.ckpt", "a".repeat(64),
        1, 20, 4096);

    publish(events.started(new Progress(0, 0, 20, 0, 0.1, 0), 2));
    RunEvent progress = events.progress(new Progress(0, 10, 20, 1.5, 0.1, 900));
    publish(progress);
    publish(progress); // redelivery: must not duplicate the point
    publish(events.progress(new Progress(1, 20, 20, 0.9, 0.05, 950)));
    publish(events.completed(new Progress(1, 20, 20, 0.9, 0.05, 950), checkpoint));

    await().atMost(WAIT).until(() -> status(runId).equals("EVALUATING"));
    assertThat(get("/api/v1/experiments/" + runId).body().get("trainedReplicas").asInt())
        .as("the replica count the worker reported in STARTED").isEqualTo(2);
    JsonNode metrics = get("/api/v1/experiments/" + runId + "/metrics").body();
    assertThat(metrics).hasSize(2);
    assertThat(metrics.get(0).get("iteration").asLong()).isEqualTo(10);
    assertThat(metrics.get(1).get("loss").asDouble()).isEqualTo(0.9);

    var requested = TopicProbe.await(Topics.EVAL_REQUESTS, r -> runId.toString().equals(r.key()), WAIT);
    assertThat(requested).isPresent();
    EvaluationRequested request = ContractCodec.decode(
        requested.get().value(), EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION);
    assertThat(request.checkpoint()).isEqualTo(checkpoint);
    assertThat(request.spec().norm()).isEqualTo("gn:8");

    var result = new EvaluationCompleted(EvaluationCompleted.SCHEMA_VERSION, request.evaluationId(), runId,
        EvaluationCompleted.Status.SUCCEEDED, "fashion-mnist", "test", checkpoint.sha256(),
        new ClassificationMetrics(0.5, 0.01, 10_000, 4000, null), null, null, "eval-test", Instant.now());
    TopicProbe.send(Topics.EVAL_RESULTS, runId.toString(), ContractCodec.encode(result));

    await().atMost(WAIT).until(() -> status(runId).equals("SUCCEEDED"));
    JsonNode board = get("/api/v1/leaderboards/fashion-mnist?norm=gn:8").body();
    assertThat(board.get("rows")).isNotEmpty();
    JsonNode top = board.get("rows").get(0);
    assertThat(top.get("runId").asString()).isEqualTo(runId.toString());
    assertThat(top.get("rank").asInt()).isEqualTo(1);
    assertThat(top.get("top1Error").asDouble()).isEqualTo(0.5);
    assertThat(top.get("normBatchSize").asInt()).isEqualTo(32);
  }

  @Test
  void failedAttemptMarksTheRunFailedWithTheReason() {
    UUID runId = submit("failing-" + UUID.randomUUID(), "bn");
    var events = RunEvent.forAttempt(runId, 1, worker.id());

    publish(events.started(new Progress(0, 0, 20, 0, 0.1, 0)));
    publish(events.failed("dataset fashion-mnist not found"));

    await().atMost(WAIT).until(() -> status(runId).equals("FAILED"));
    assertThat(get("/api/v1/experiments/" + runId).body().get("failure").asString()).contains("not found");
  }

  @Test
  void poisonMessagesGoToTheDeadLetterTopicAndConsumptionContinues() {
    String marker = "poison-" + UUID.randomUUID();
    TopicProbe.send(Topics.RUN_EVENTS, marker, "{\"this is\": \"not a run event\"}");
    UUID unknownRun = UUID.randomUUID();
    TopicProbe.send(Topics.RUN_EVENTS, unknownRun.toString(), ContractCodec.encode(
        RunEvent.forAttempt(unknownRun, 1, "w").started(new Progress(0, 0, 1, 0, 0, 0))));

    assertThat(TopicProbe.await(Topics.deadLetter(Topics.RUN_EVENTS), r -> marker.equals(r.key()), WAIT)).isPresent();
    assertThat(TopicProbe.await(Topics.deadLetter(Topics.RUN_EVENTS),
        r -> unknownRun.toString().equals(r.key()), WAIT)).isPresent();

    UUID runId = submit("after-poison-" + UUID.randomUUID(), "bn");
    publish(RunEvent.forAttempt(runId, 1, worker.id()).started(new Progress(0, 0, 5, 0, 0.1, 0)));
    await().atMost(WAIT).until(() -> status(runId).equals("RUNNING"));
  }

  /** Submits a run and waits until the scheduler dispatched it to this test's worker. */
  private UUID submit(String name, String norm) {
    Response created = post("/api/v1/experiments", ("""
        {"name": "%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "%s",
         "batchSize": 32, "iterations": 20}
        """).formatted(name, norm));
    assertThat(created.status()).isEqualTo(201);
    UUID runId = UUID.fromString(created.body().get("id").asString());
    worker.running(runId, 1);
    assertThat(worker.awaitDispatch(runId, 1, WAIT)).isPresent();
    return runId;
  }

  private static void publish(RunEvent event) {
    TopicProbe.send(Topics.RUN_EVENTS, event.runId().toString(), ContractCodec.encode(event));
  }

}

package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.api.support.TopicProbe;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.run.WarmStart;
import tools.jackson.databind.JsonNode;

class RetrainIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void retrainStartsANewRunFromTheSourcesLastCheckpointOfEpochEWithANewSchedule() {
    UUID source = sourceWithCheckpoints();

    Response created = post("/api/v1/experiments/" + source + "/retrain", """
        {"fromEpoch": 1, "keepOptimizerState": true,
         "spec": {"epochs": 2, "norm": "BN",
                  "optimizer": {"lr": 0.001, "schedule": {"type": "multistep", "milestones": [1]}}}}
        """);

    assertThat(created.status()).isEqualTo(201);
    JsonNode spec = created.body().get("spec");
    assertThat(spec.get("name").asString()).isEqualTo("retrain-source / retrain from epoch 1");
    assertThat(spec.at("/optimizer/lr").asDouble()).isEqualTo(0.001);
    assertThat(spec.at("/optimizer/momentum").asDouble()).isEqualTo(0.8); // kept from the source
    assertThat(spec.get("epochs").asInt()).isEqualTo(2);
    assertThat(spec.get("baseWidth").asInt()).isEqualTo(16);
    assertThat(spec.at("/recipe/labelSmoothing").asDouble()).isEqualTo(0.1);
    assertThat(spec.at("/initializeFrom/sourceRunId").asString()).isEqualTo(source.toString());

    UUID retrained = UUID.fromString(created.body().get("id").asString());
    worker.running(retrained, 1);
    RunDispatch dispatch = worker.awaitDispatch(retrained, 1, WAIT).orElseThrow();
    WarmStart from = dispatch.spec().initializeFrom();
    assertThat(from.checkpoint().uri()).endsWith("iter-000000020.ckpt"); // epoch 1's end, not its middle
    assertThat(from.keepOptimizerState()).isTrue();
    assertThat(dispatch.resumeFrom()).isNull();
  }

  @Test
  void retrainRefusesAnEpochWithoutCheckpointAndAnotherModel() {
    UUID source = sourceWithCheckpoints();

    Response response = post("/api/v1/experiments/" + source + "/retrain", """
        {"fromEpoch": 5, "spec": {"backbone": "resnet18", "baseWidth": 32, "recipe": "mabn-imagenet"}}
        """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    JsonNode errors = response.body().get("errors");
    assertThat(fields(errors)).containsExactlyInAnyOrder("fromEpoch", "spec.backbone", "spec.baseWidth", "spec.recipe");
    assertThat(allowed(errors, "fromEpoch")).containsExactly("1", "2");
    assertThat(allowed(errors, "spec.backbone")).containsExactly("resnet10");
    assertThat(post("/api/v1/experiments/" + UUID.randomUUID() + "/retrain", "{\"fromEpoch\": 1}").status())
        .isEqualTo(404);
  }

  /** A run of 2 epochs x 20 iterations that checkpointed at 10, 20 and 40. */
  private UUID sourceWithCheckpoints() {
    Response created = post("/api/v1/experiments", """
        {"name": "retrain-source", "recipe": "fashion-mnist-demo", "dataset": "fashion-mnist", "norm": "bn",
         "labelSmoothing": 0.1, "optimizer": {"momentum": 0.8}}
        """);
    assertThat(created.status()).isEqualTo(201);
    UUID runId = UUID.fromString(created.body().get("id").asString());
    worker.running(runId, 1);
    assertThat(worker.awaitDispatch(runId, 1, WAIT)).isPresent();
    var events = RunEvent.forAttempt(runId, 1, worker.id());
    publish(events.started(new Progress(0, 0, 40, 0, 0.1, 0)));
    publish(events.checkpointed(checkpoint(runId, 1, 10)));
    publish(events.checkpointed(checkpoint(runId, 1, 20)));
    publish(events.completed(new Progress(2, 40, 40, 0.5, 0.01, 900), checkpoint(runId, 2, 40)));
    await().atMost(WAIT).until(() -> get("/api/v1/experiments/" + runId + "/events").body().size() == 4);
    return runId;
  }

  private static CheckpointRef checkpoint(UUID runId, int epoch, long iteration) {
    return new CheckpointRef("runs/" + runId + "/attempt-1/iter-%09d.ckpt".formatted(iteration), "b".repeat(64),
        epoch, iteration, 4096);
  }

  private static void publish(RunEvent event) {
    TopicProbe.send(Topics.RUN_EVENTS, event.runId().toString(), ContractCodec.encode(event));
  }
}

package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.error;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.api.support.TopicProbe;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.contracts.model.ModelVocabulary;
import org.normlab.contracts.run.CheckpointRef;
import tools.jackson.databind.JsonNode;

/** Registering a model trained elsewhere: finished at once, evaluated through Kafka, never dispatched. */
class PretrainedIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String SHA = "0123456789abcdef".repeat(4);

  @Test
  void registeredModelIsFinishedAtOnceEvaluatedThroughKafkaAndRankedAsPretrained() {
    String name = "ibn-import-" + UUID.randomUUID();
    Response created = post("/api/v1/pretrained", body(name, "pretrained/ibn/resnet34-ln.safetensors",
        SHA.toUpperCase(), 8_123_456));

    assertThat(created.status()).isEqualTo(201);
    UUID id = UUID.fromString(created.body().get("id").asString());
    assertThat(created.location()).isEqualTo("/api/v1/experiments/" + id);
    JsonNode view = get("/api/v1/experiments/" + id).body();
    assertThat(view.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(view.get("origin").asString()).isEqualTo("PRETRAINED");
    assertThat(view.get("source").asString()).isEqualTo("IBN-Net release, https://example.org/ibn");
    assertThat(view.get("checkpointUri").asString()).isEqualTo("pretrained/ibn/resnet34-ln.safetensors");
    assertThat(view.get("checkpointSha256").asString()).isEqualTo(SHA);
    assertThat(view.at("/spec/baseWidth").asInt()).isEqualTo(64);
    assertThat(view.at("/spec/norm").asString()).isEqualTo("ln");

    var requested = TopicProbe.await(Topics.EVAL_REQUESTS, r -> id.toString().equals(r.key()), WAIT);
    assertThat(requested).isPresent();
    EvaluationRequested request = ContractCodec.decode(
        requested.get().value(), EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION);
    assertThat(request.checkpoint())
        .isEqualTo(new CheckpointRef("pretrained/ibn/resnet34-ln.safetensors", SHA, 0, 0, 8_123_456));
    assertThat(request.split()).isEqualTo("test");
    assertThat(request.spec().backbone()).isEqualTo("resnet34");
    assertThat(request.spec().batchSize()).isEqualTo(PretrainedValidator.EVAL_BATCH);

    var result = new EvaluationCompleted(EvaluationCompleted.SCHEMA_VERSION, request.evaluationId(), id,
        EvaluationCompleted.Status.SUCCEEDED, "fashion-mnist", "test", SHA,
        new ClassificationMetrics(7.25, 0.5, 10_000, 3000, null), null, null, "eval-test", Instant.now());
    TopicProbe.send(Topics.EVAL_RESULTS, id.toString(), ContractCodec.encode(result));

    await().atMost(WAIT).until(() -> rowOf(id) != null);
    JsonNode row = rowOf(id);
    assertThat(row.get("origin").asString()).isEqualTo("PRETRAINED");
    assertThat(row.get("top1Error").asDouble()).isEqualTo(7.25);
    assertThat(row.get("checkpointSha256").asString()).isEqualTo(SHA);
    assertThat(status(id)).isEqualTo("SUCCEEDED");
  }

  @Test
  void schedulerNeverDispatchesAPretrainedEntry() {
    UUID pretrained = register("never-dispatched-" + UUID.randomUUID());

    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      // A run queued after it is dispatched: the scheduler ran with free slots and passed it by.
      UUID queued = UUID.fromString(post("/api/v1/experiments", ExperimentSubmissionIT.VALID).body()
          .get("id").asString());
      assertThat(worker.awaitDispatch(queued, 1, WAIT)).isPresent();
      assertThat(worker.awaitDispatch(pretrained, 1, Duration.ofSeconds(2))).isEmpty();
    }
    JsonNode view = get("/api/v1/experiments/" + pretrained).body();
    assertThat(view.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(view.at("/scheduling/assignedWorker").isNull()).isTrue();
    assertThat(get("/api/v1/queue").body().toString()).doesNotContain(pretrained.toString());
  }

  @Test
  void failedEvaluationMarksTheEntryFailedWithTheReason() {
    UUID id = register("wrong-architecture-" + UUID.randomUUID());
    EvaluationRequested request = ContractCodec.decode(
        TopicProbe.await(Topics.EVAL_REQUESTS, r -> id.toString().equals(r.key()), WAIT).orElseThrow().value(),
        EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION);

    var result = new EvaluationCompleted(EvaluationCompleted.SCHEMA_VERSION, request.evaluationId(), id,
        EvaluationCompleted.Status.FAILED, "fashion-mnist", "test", SHA, null, null,
        "WeightsMismatchException: 1 missing [fc.bias]", "eval-test", Instant.now());
    TopicProbe.send(Topics.EVAL_RESULTS, id.toString(), ContractCodec.encode(result));

    await().atMost(WAIT).until(() -> status(id).equals("FAILED"));
    assertThat(get("/api/v1/experiments/" + id).body().get("failure").asString()).contains("fc.bias");
    assertThat(rowOf(id)).isNull();
  }

  @Test
  void everyBadFieldIsRejectedAtOnceWithTheSubmissionRulesAndFormat() {
    Response response = post("/api/v1/pretrained", """
        {"name": "", "dataset": "imagenet-typo", "backbone": "resnet5O", "norm": "batchnorm", "baseWidth": 0,
         "weights": {"uri": "pretrained/../../etc/passwd", "sha256": "xyz", "sizeBytes": 0}}
        """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body().get("code").asString()).isEqualTo("invalid-request");
    JsonNode errors = response.body().get("errors");
    assertThat(fields(errors)).containsExactlyInAnyOrder("name", "dataset", "backbone", "norm", "baseWidth",
        "weights.uri", "weights.sha256", "weights.sizeBytes", "source");
    assertThat(allowed(errors, "backbone")).containsExactlyElementsOf(ModelVocabulary.BACKBONES);
    assertThat(allowed(errors, "dataset")).containsExactly("fashion-mnist");
    assertThat(allowed(errors, "norm")).contains("bn", "gn:<groups>", "in", "ln");
    assertThat(error(errors, "weights.uri").get("message").asString()).contains("'..'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/weights.npz", "pretrained\\\\x.npz", "C:/weights.npz", "runs/x/weights.npz",
      "pretrained//x.npz", "pretrained/./x.npz", "pretrained/x.pth", "pretrained/x.ckpt"})
  void weightsOutsidePretrainedOrOfAnotherFormatAreRejected(String uri) {
    Response response = post("/api/v1/pretrained", body("bad-uri", uri, SHA, 10));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(fields(response.body().get("errors"))).containsExactly("weights.uri");
  }

  @Test
  void wrongExtensionListsTheWeightFormats() {
    JsonNode errors = post("/api/v1/pretrained", body("pth", "pretrained/resnet50_ibn_a.pth", SHA, 10)).body()
        .get("errors");

    assertThat(allowed(errors, "weights.uri")).containsExactly(".npz", ".safetensors");
  }

  @Test
  void missingWeightsAndUnknownFieldsAreNamed() {
    assertThat(fields(post("/api/v1/pretrained", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet18", "norm": "bn", "source": "s"}
        """).body().get("errors"))).containsExactly("weights");
    assertThat(fields(post("/api/v1/pretrained", body("x", "pretrained/x.npz", SHA, 10)
        .replace("\"source\"", "\"epochs\": 3, \"source\"")).body().get("errors"))).containsExactly("epochs");
  }

  @Test
  void retriedRegistrationWithTheSameKeyReturnsTheFirstEntry() {
    String key = "pretrained-" + UUID.randomUUID();
    String body = body("idempotent-" + UUID.randomUUID(), "pretrained/x.npz", SHA, 10);

    Response first = post("/api/v1/pretrained", body, key);
    Response again = post("/api/v1/pretrained", body, key);
    Response other = post("/api/v1/pretrained", body.replace("x.npz", "y.npz"), key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.body().get("code").asString()).isEqualTo("idempotency-key-reused");
  }

  private UUID register(String name) {
    Response created = post("/api/v1/pretrained", body(name, "pretrained/" + name + ".npz", SHA, 4096));
    assertThat(created.status()).isEqualTo(201);
    return UUID.fromString(created.body().get("id").asString());
  }

  private static String body(String name, String uri, String sha256, long sizeBytes) {
    return """
        {"name": "%s", "dataset": "fashion-mnist", "backbone": "resnet34", "norm": "LN",
         "weights": {"uri": "%s", "sha256": "%s", "sizeBytes": %d},
         "source": "IBN-Net release, https://example.org/ibn"}
        """.formatted(name, uri, sha256, sizeBytes);
  }

  /** The entry's row on the fashion-mnist leaderboard (resnet34, ln), or null. */
  private JsonNode rowOf(UUID id) {
    for (JsonNode row : get("/api/v1/leaderboards/fashion-mnist?backbone=resnet34&norm=ln&size=200").body()
        .get("rows")) {
      if (id.toString().equals(row.get("runId").asString())) {
        return row;
      }
    }
    return null;
  }
}

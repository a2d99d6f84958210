package org.normlab.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.codec.ContractViolationException;
import org.normlab.contracts.eval.CocoSummary;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.worker.WorkerHeartbeat;

/** Record, JSON Schema and golden example of every topic agree with each other. */
class ContractSchemasTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(
          SpecVersion.VersionFlag.V202012,
          builder ->
              builder.schemaMappers(
                  mappers -> mappers.mapPrefix("https://normlab.org/schemas/", "classpath:schemas/")));

  static Stream<Arguments> topics() {
    return Stream.of(
        Arguments.of(Topics.RUN_DISPATCH, RunDispatch.class, RunDispatch.SCHEMA_VERSION, "runId"),
        Arguments.of(Topics.RUN_EVENTS, RunEvent.class, RunEvent.SCHEMA_VERSION, "runId"),
        Arguments.of(Topics.RUN_CONTROL, RunControl.class, RunControl.SCHEMA_VERSION, "runId"),
        Arguments.of(Topics.WORKER_HEARTBEATS, WorkerHeartbeat.class, WorkerHeartbeat.SCHEMA_VERSION, "workerId"),
        Arguments.of(Topics.EVAL_REQUESTS, EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION, "runId"),
        Arguments.of(Topics.EVAL_RESULTS, EvaluationCompleted.class, EvaluationCompleted.SCHEMA_VERSION, "runId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  void goldenExampleSatisfiesItsSchema(String topic) throws IOException {
    assertThat(schema(topic).validate(golden(topic))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  <T extends Versioned> void recordRoundTripsTheGoldenExampleWithoutLoss(String topic, Class<T> type, int version)
      throws IOException {
    JsonNode golden = golden(topic);

    T decoded = ContractCodec.decode(golden.toString(), type, version);
    JsonNode reencoded = JSON.readTree(ContractCodec.encode(decoded));

    assertThat(schema(topic).validate(reencoded)).isEmpty();
    assertThat(reencoded).isEqualTo(golden);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  <T extends Versioned> void unknownSchemaVersionIsRefusedBySchemaAndCodec(String topic, Class<T> type, int version)
      throws IOException {
    ObjectNode future = (ObjectNode) golden(topic);
    future.put("schemaVersion", version + 1);

    Set<ValidationMessage> errors = schema(topic).validate(future);

    assertThat(errors).isNotEmpty();
    assertThatThrownBy(() -> ContractCodec.decode(future.toString(), type, version))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("schemaVersion " + (version + 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  <T extends Versioned> void messageWithoutItsKeyFieldIsRefusedBySchemaAndCodec(
      String topic, Class<T> type, int version, String keyField) throws IOException {
    ObjectNode broken = (ObjectNode) golden(topic);
    broken.remove(keyField);

    assertThat(schema(topic).validate(broken)).isNotEmpty();
    assertThatThrownBy(() -> ContractCodec.decode(broken.toString(), type, version))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining(keyField);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("topics")
  <T extends Versioned> void malformedJsonIsAContractViolation(String topic, Class<T> type, int version) {
    assertThatThrownBy(() -> ContractCodec.decode("{\"schemaVersion\": 1,", type, version))
        .isInstanceOf(ContractViolationException.class);
  }

  @Test
  void startedEventCarriesItsReplicaCountThroughSchemaAndCodec() throws IOException {
    RunEvent started = RunEvent.forAttempt(UUID.randomUUID(), 1, "trainer-1")
        .started(new Progress(0, 0, 10, 0, 0, 0), 2);

    JsonNode encoded = JSON.readTree(ContractCodec.encode(started));

    assertThat(schema(Topics.RUN_EVENTS).validate(encoded)).isEmpty();
    assertThat(encoded.get("replicas").asInt()).isEqualTo(2);
    assertThat(ContractCodec.decode(encoded.toString(), RunEvent.class, RunEvent.SCHEMA_VERSION).replicas())
        .isEqualTo(2);
    ObjectNode progress = (ObjectNode) golden(Topics.RUN_EVENTS);
    progress.put("replicas", 2);
    assertThat(schema(Topics.RUN_EVENTS).validate(progress)).isNotEmpty();
  }

  @Test
  void progressCarriesSkippedImagesWhenPresentAndOldMessagesWithoutItStillDecode() throws IOException {
    RunEvent progress = RunEvent.forAttempt(UUID.randomUUID(), 1, "trainer-1")
        .progress(new Progress(1, 20, 100, 2.1, 0.1, 50, 3L));

    JsonNode encoded = JSON.readTree(ContractCodec.encode(progress));

    assertThat(schema(Topics.RUN_EVENTS).validate(encoded)).isEmpty();
    assertThat(encoded.get("progress").get("skippedImages").asLong()).isEqualTo(3);
    assertThat(ContractCodec.decode(encoded.toString(), RunEvent.class, RunEvent.SCHEMA_VERSION)
        .progress().skippedImages()).isEqualTo(3L);
    JsonNode old = golden(Topics.RUN_EVENTS);
    assertThat(old.get("progress").has("skippedImages")).isFalse();
    assertThat(ContractCodec.decode(old.toString(), RunEvent.class, RunEvent.SCHEMA_VERSION)
        .progress().skippedImages()).isNull();
    JsonNode unset = JSON.readTree(ContractCodec.encode(
        RunEvent.forAttempt(UUID.randomUUID(), 1, "t").progress(new Progress(1, 20, 100, 2.1, 0.1, 50))));
    assertThat(unset.get("progress").has("skippedImages")).isFalse();
    ObjectNode negative = (ObjectNode) encoded.deepCopy();
    ((ObjectNode) negative.get("progress")).put("skippedImages", -1);
    assertThat(schema(Topics.RUN_EVENTS).validate(negative)).isNotEmpty();
  }

  @Test
  void detectionResultRoundTripsThroughSchemaAndCodecWithUndefinedNumbersLeftOut() throws IOException {
    CocoSummary box = CocoSummary.fromStats(
        new double[] {0.5, 0.75, 0.5, -1, 0.25, 0.625, 0.3, 0.55, 0.6, -1, 0.4, 0.7});
    CocoSummary mask = CocoSummary.fromStats(
        new double[] {0.45, 0.7, 0.4, -1, 0.2, 0.6, 0.25, 0.5, 0.55, -1, 0.35, 0.65});
    var result = new EvaluationCompleted(EvaluationCompleted.SCHEMA_VERSION, UUID.randomUUID(), UUID.randomUUID(),
        EvaluationCompleted.Status.SUCCEEDED, "coco-shapes", "test", null, null,
        new DetectionMetrics(box, mask, 8, 2.5), null, "eval-1", Instant.parse("2026-11-23T20:00:00Z"));

    JsonNode encoded = JSON.readTree(ContractCodec.encode(result));

    assertThat(schema(Topics.EVAL_RESULTS).validate(encoded)).isEmpty();
    assertThat(encoded.path("detection").path("bbox").path("ap").asDouble()).isEqualTo(50.0);
    assertThat(encoded.path("detection").path("bbox").has("apSmall")).as("undefined (-1) is left out").isFalse();
    EvaluationCompleted decoded =
        ContractCodec.decode(encoded.toString(), EvaluationCompleted.class, EvaluationCompleted.SCHEMA_VERSION);
    assertThat(decoded).isEqualTo(result);
    assertThat(decoded.detection().segm().ap50()).isEqualTo(70.0);
  }

  @Test
  void classificationResultWrittenBeforeDetectionExistedStillDecodesWithoutDetection() throws IOException {
    EvaluationCompleted decoded = ContractCodec.decode(golden(Topics.EVAL_RESULTS).toString(),
        EvaluationCompleted.class, EvaluationCompleted.SCHEMA_VERSION);

    assertThat(decoded.detection()).isNull();
    assertThat(decoded.metrics().top1Error()).isEqualTo(14.37);
  }

  @Test
  void succeededResultWithNeitherMetricsNorDetectionIsRefusedBySchemaAndRecord() throws IOException {
    ObjectNode bare = (ObjectNode) golden(Topics.EVAL_RESULTS);
    bare.remove("metrics");

    assertThat(schema(Topics.EVAL_RESULTS).validate(bare)).isNotEmpty();
    assertThatThrownBy(() -> ContractCodec.decode(bare.toString(), EvaluationCompleted.class,
        EvaluationCompleted.SCHEMA_VERSION))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("metrics or detection");
  }

  @Test
  void detectionPercentagesOutsideZeroToHundredAreRefusedBySchemaAndRecord() throws IOException {
    ObjectNode broken = (ObjectNode) golden(Topics.EVAL_RESULTS);
    broken.remove("metrics");
    broken.set("detection", JSON.readTree(
        "{\"bbox\": {\"ap\": 150}, \"segm\": {\"ap\": 10}, \"images\": 2, \"imagesPerSecond\": 1}"));

    assertThat(schema(Topics.EVAL_RESULTS).validate(broken)).isNotEmpty();
    assertThatThrownBy(() -> ContractCodec.decode(broken.toString(), EvaluationCompleted.class,
        EvaluationCompleted.SCHEMA_VERSION))
        .isInstanceOf(ContractViolationException.class)
        .hasMessageContaining("[0, 100]");
  }

  private static JsonSchema schema(String topic) {
    return SCHEMAS.getSchema(SchemaLocation.of("https://normlab.org/schemas/" + topic + ".json"));
  }

  private static JsonNode golden(String topic) throws IOException {
    try (InputStream in = ContractSchemasTest.class.getResourceAsStream("/examples/" + topic + ".json")) {
      return JSON.readTree(in);
    }
  }
}

package org.normlab.eval.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.detection.coco.SyntheticCoco;
import org.normlab.ml.detection.train.DetectionJob;
import org.normlab.ml.eval.DetectionEvaluation;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The eval worker routes a detection run to the COCO evaluation and publishes box and mask AP, on a
 * real KRaft broker, for a checkpoint really trained by ml-core's DetectionJob on a synthetic
 * COCO-format set configured as a {@code coco-json} dataset.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DetectionEvaluationIT {

  static Path checkpoints;
  static Path shapes;
  static ExperimentSpec spec;
  static CheckpointRef trained;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("normlab.checkpoint-dir", () -> checkpoints.toString());
    registry.add("normlab.datasets.shapes.format", () -> "coco-json");
    registry.add("normlab.datasets.shapes.location", () -> shapes.toString());
    registry.add("normlab.datasets.shapes.num-classes", () -> "3");
    registry.add("normlab.datasets.shapes.channels", () -> "3");
    registry.add("normlab.datasets.shapes.height", () -> "64");
    registry.add("normlab.datasets.shapes.width", () -> "96");
  }

  @BeforeAll
  static void trainADetector() throws Exception {
    checkpoints = Files.createTempDirectory("det-eval-it");
    shapes = Files.createTempDirectory("det-eval-it-shapes");
    SyntheticCoco.Options options = new SyntheticCoco.Options(3, 64, 96, 3, 0.3);
    SyntheticCoco.write(shapes, "train", 21, options);
    SyntheticCoco.write(shapes, "val", 22, options);
    spec = new ExperimentSpec("det-eval-it", Task.DETECTION, "shapes", "resnet10", "gn:4", 4, 2, 2, null, 4,
        new OptimizerSpec(0.02, 0.9, 1e-4, false, ScheduleSpec.constant()), 5, null);
    trained = DetectionJob.run(spec, catalog(), new DirectoryCheckpointStore(checkpoints), "runs/det-eval-it", null,
        new TrainingOptions(10, 100, 1), new TrainingListener() {
          @Override
          public void onStarted(long totalIterations, String device, int replicas) {}

          @Override
          public void onProgress(Progress progress) {}

          @Override
          public void onCheckpoint(CheckpointRef checkpoint) {}
        }).finalCheckpoint();
  }

  @Test
  void aDetectionRunIsScoredOnTheValSplitWithCocoBoxAndMaskAp() throws Exception {
    EvaluationCompleted result = evaluate(trained);

    assertThat(result.status()).as("%s", result.failure()).isEqualTo(EvaluationCompleted.Status.SUCCEEDED);
    assertThat(result.metrics()).isNull();
    DetectionMetrics detection = result.detection();
    assertThat(detection.images()).isEqualTo(3);
    assertThat(detection.bbox().ap()).isBetween(0.0, 100.0);
    assertThat(detection.segm().ap()).isBetween(0.0, 100.0);
    assertThat(result.checkpointSha256()).isEqualTo(trained.sha256());
    // The worker's numbers are ml-core's for the same checkpoint (inference is deterministic).
    DetectionMetrics direct = DetectionEvaluation.evaluate(spec, trained, "test", catalog(),
        new DirectoryCheckpointStore(checkpoints));
    assertThat(detection.bbox()).isEqualTo(direct.bbox());
    assertThat(detection.segm()).isEqualTo(direct.segm());
  }

  @Test
  void aCheckpointOfAnotherDetectorFailsNamingTheMismatch() throws Exception {
    ExperimentSpec wider = new ExperimentSpec("det-eval-it", Task.DETECTION, "shapes", "resnet10", "gn:4", 8, 2, 2,
        null, 4, new OptimizerSpec(0.02, 0.9, 1e-4, false, ScheduleSpec.constant()), 5, null);

    EvaluationCompleted result = evaluate(wider, trained);

    assertThat(result.status()).isEqualTo(EvaluationCompleted.Status.FAILED);
    assertThat(result.failure()).contains("IllegalArgumentException", "cannot copy");
    assertThat(result.detection()).isNull();
  }

  private static DatasetCatalog catalog() {
    return DatasetCatalog.of(List.of(new DatasetDefinition("shapes", DatasetFormat.COCO_JSON, shapes, 3, 3, 64, 96)));
  }

  private EvaluationCompleted evaluate(CheckpointRef checkpoint) throws Exception {
    return evaluate(spec, checkpoint);
  }

  private EvaluationCompleted evaluate(ExperimentSpec spec, CheckpointRef checkpoint) throws Exception {
    UUID runId = UUID.randomUUID();
    var request = new EvaluationRequested(EvaluationRequested.SCHEMA_VERSION, UUID.randomUUID(), runId, spec,
        checkpoint, "test", Instant.now());
    try (var producer = new KafkaProducer<String, String>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      producer.send(new ProducerRecord<>(Topics.EVAL_REQUESTS, runId.toString(), ContractCodec.encode(request))).get();
    }
    Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
    try (var consumer = new KafkaConsumer<String, String>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
      consumer.subscribe(List.of(Topics.EVAL_RESULTS));
      while (Instant.now().isBefore(deadline)) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (runId.toString().equals(record.key())) {
            return ContractCodec.decode(record.value(), EvaluationCompleted.class, EvaluationCompleted.SCHEMA_VERSION);
          }
        }
      }
    }
    throw new AssertionError("no result for run " + runId);
  }
}

package org.normlab.eval.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
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
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.model.Network;
import org.normlab.ml.train.TrainingJob;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;
import org.normlab.ml.weights.Weights;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The eval worker against a real KRaft broker, on a checkpoint really trained with ml-core. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class EvaluationIT {

  @Autowired
  MeterRegistry meters;

  static Path checkpoints;
  static ExperimentSpec spec;
  static CheckpointRef trained;

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("normlab.checkpoint-dir", () -> checkpoints.toString());
  }

  @BeforeAll
  static void trainACheckpoint() throws Exception {
    checkpoints = Files.createTempDirectory("eval-it");
    spec = new ExperimentSpec("eval-it", Task.CLASSIFICATION, "fashion-mnist", "resnet10", "bn", 8, 32, 32, null, 30,
        new OptimizerSpec(0.05, 0.9, 1e-4, false, ScheduleSpec.constant()), 5, null);
    trained = TrainingJob.run(spec, DatasetCatalog.defaults(), new DirectoryCheckpointStore(checkpoints), "runs/eval-it",
        null, new TrainingOptions(10, 100, 1), new TrainingListener() {
          @Override
          public void onStarted(long totalIterations, String device, int replicas) {}

          @Override
          public void onProgress(Progress progress) {}

          @Override
          public void onCheckpoint(CheckpointRef checkpoint) {}
        }).finalCheckpoint();
  }

  @Test
  void verifiedCheckpointIsScoredOnTheWholeTestSplit() throws Exception {
    double imagesBefore = meters.get("normlab.eval.images").counter().count();
    EvaluationCompleted result = evaluate(trained);

    assertThat(result.status()).isEqualTo(EvaluationCompleted.Status.SUCCEEDED);
    assertThat(result.metrics().samples()).isEqualTo(10_000);
    assertThat(result.metrics().top5Error()).isLessThanOrEqualTo(result.metrics().top1Error());
    // 30 steps already take a ResNet well below the 90% error of guessing among ten classes.
    assertThat(result.metrics().top1Error()).isLessThan(70.0);
    // Inference speed is timed at the fixed batch, whatever the run trained with, and travels with the result.
    assertThat(result.metrics().speed().batchSize()).isEqualTo(32);
    assertThat(result.metrics().speed().height()).isEqualTo(28);
    assertThat(result.metrics().speed().imagesPerSecond()).isPositive();
    assertThat(result.checkpointSha256()).isEqualTo(trained.sha256());
    // Counted before the result is published, so it is visible by now.
    assertThat(meters.get("normlab.eval.images").counter().count() - imagesBefore).isEqualTo(10_000.0);
    assertThat(meters.get("normlab.eval.images.per.second").gauge().value())
        .isEqualTo(result.metrics().imagesPerSecond());
  }

  @Test
  void corruptCheckpointIsNeverLoadedAndTheEvaluationFailsSayingWhy() throws Exception {
    Path original = checkpoints.resolve(trained.uri());
    Path corrupt = original.resolveSibling("corrupt.ckpt");
    byte[] bytes = Files.readAllBytes(original);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(corrupt, bytes);
    var tampered = new CheckpointRef(checkpoints.relativize(corrupt).toString(), trained.sha256(), trained.epoch(),
        trained.iteration(), trained.sizeBytes());

    EvaluationCompleted result = evaluate(tampered);

    assertThat(result.status()).isEqualTo(EvaluationCompleted.Status.FAILED);
    assertThat(result.failure()).contains("CorruptCheckpoint");
    assertThat(result.metrics()).isNull();
  }

  @Test
  void importedSafetensorsUnderPretrainedIsScoredExactlyAsTheCheckpointItCameFrom() throws Exception {
    CheckpointRef imported = exportAsWeightFile("pretrained/eval-it/resnet10-bn.safetensors");

    EvaluationCompleted result = evaluate(imported);

    assertThat(result.status()).isEqualTo(EvaluationCompleted.Status.SUCCEEDED);
    assertThat(result.checkpointSha256()).isEqualTo(imported.sha256());
    assertThat(result.metrics().samples()).isEqualTo(10_000);
    EvaluationCompleted fromCheckpoint = evaluate(trained);
    assertThat(result.metrics().top1Error()).isEqualTo(fromCheckpoint.metrics().top1Error());
    assertThat(result.metrics().top5Error()).isEqualTo(fromCheckpoint.metrics().top5Error());
  }

  /** The trained weights as ml-core's Weights exports them (PyTorch keys), stored at {@code uri}. */
  private static CheckpointRef exportAsWeightFile(String uri) throws Exception {
    var store = new DirectoryCheckpointStore(checkpoints);
    Path file = Files.createTempDirectory("eval-it-export").resolve("weights.safetensors");
    try (Network network = Network.create(spec, DatasetCatalog.defaults().get("fashion-mnist"));
        InputStream in = store.open(trained);
        var scratch = network.manager().newSubManager()) {
      network.loadState(CheckpointFormat.read(in, scratch).model());
      Weights.export(network.block(), file);
    }
    return store.write(uri, 0, 0, out -> Files.copy(file, out));
  }

  @Test
  void evaluationOnADatasetThisWorkerIsNotConfiguredForFailsNamingTheWorkerAndItsDatasets() throws Exception {
    var elsewhere = new ExperimentSpec("eval-it", Task.CLASSIFICATION, "imagenet-100", "resnet10", "bn", 8, 32, 32,
        null, 30, new OptimizerSpec(0.05, 0.9, 1e-4, false, ScheduleSpec.constant()), 5, null);

    EvaluationCompleted result = evaluate(elsewhere, trained);

    assertThat(result.status()).isEqualTo(EvaluationCompleted.Status.FAILED);
    assertThat(result.failure())
        .startsWith("dataset 'imagenet-100' is registered on the API but not configured on evaluator ")
        .contains("normlab.datasets.imagenet-100.location", "this evaluator has: fashion-mnist");
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

package org.normlab.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.RecipeSpec;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.run.RunEventType;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.contracts.run.ValidationTransform;
import org.normlab.contracts.run.WarmStart;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The trainer against a real KRaft broker: dispatch in, a real DJL training run, events out. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class TrainJobIT {

  @Autowired
  MeterRegistry meters;

  static final Path CHECKPOINTS = createTemp();

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  static final String WORKER = "trainer-it-" + UUID.randomUUID().toString().substring(0, 6);

  /** An ImageNet-layout folder of real JPEGs with one truncated JPEG and one garbage file. */
  static final Path COLOURS = ColourJpegs.imageFolder(CHECKPOINTS.resolve("colours-data"));

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("normlab.worker-id", () -> WORKER);
    registry.add("normlab.heartbeat-interval", () -> "500ms");
    registry.add("normlab.checkpoint-dir", CHECKPOINTS::toString);
    registry.add("normlab.reporting.progress-every-iterations", () -> 5);
    registry.add("normlab.reporting.checkpoint-every-iterations", () -> 10);
    registry.add("normlab.datasets.missing-set.format", () -> "fashion-mnist-idx");
    registry.add("normlab.datasets.missing-set.location", () -> CHECKPOINTS.resolve("no-such-dir").toString());
    registry.add("normlab.datasets.missing-set.num-classes", () -> 10);
    registry.add("normlab.datasets.missing-set.channels", () -> 1);
    registry.add("normlab.datasets.missing-set.height", () -> 28);
    registry.add("normlab.datasets.missing-set.width", () -> 28);
    registry.add("normlab.datasets.colours.format", () -> "imagenet-folder");
    registry.add("normlab.datasets.colours.location", COLOURS::toString);
    registry.add("normlab.datasets.colours.num-classes", () -> 2);
    registry.add("normlab.datasets.colours.channels", () -> 3);
    registry.add("normlab.datasets.colours.height", () -> 32);
    registry.add("normlab.datasets.colours.width", () -> 32);
  }

  @BeforeEach
  void awaitWorkerReady() {
    assertThat(poll(Topics.WORKER_HEARTBEATS, WORKER, Duration.ofSeconds(60))).isNotEmpty();
  }

  @Test
  void dispatchedRunIsTrainedAndReportedInOrderWithVerifiableCheckpoints() throws Exception {
    double iterationsBefore = meters.get("normlab.training.iterations").counter().count();
    double completedBefore = completed();
    UUID runId = UUID.randomUUID();
    send(Topics.RUN_DISPATCH, runId.toString(), ContractCodec.encode(dispatch(runId, "fashion-mnist", "gn:4", 20)));

    List<RunEvent> events = awaitEvents(runId, Duration.ofMinutes(5));

    assertThat(events).extracting(RunEvent::sequence).containsExactly(
        java.util.stream.LongStream.range(0, events.size()).boxed().toArray(Long[]::new));
    assertThat(events.get(0).type()).isEqualTo(RunEventType.STARTED);
    assertThat(events.get(0).replicas()).as("default on a CPU-only worker").isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type() == RunEventType.PROGRESS).hasSizeGreaterThanOrEqualTo(3);
    assertThat(events).filteredOn(e -> e.type() == RunEventType.CHECKPOINTED).isNotEmpty();
    RunEvent completed = events.get(events.size() - 1);
    assertThat(completed.type()).isEqualTo(RunEventType.COMPLETED);
    assertThat(completed.progress().iteration()).isEqualTo(20);
    assertThat(completed.worker()).isNotBlank();
    assertThat(Files.size(CHECKPOINTS.resolve(completed.checkpoint().uri())))
        .isEqualTo(completed.checkpoint().sizeBytes());
    // The progress the run reported is what the worker's meters count.
    assertThat(meters.get("normlab.training.iterations").counter().count() - iterationsBefore).isEqualTo(20.0);
    assertThat(completed() - completedBefore).isEqualTo(1.0);
    assertThat(meters.get("normlab.training.active.runs").gauge().value()).isZero();
  }

  private double completed() {
    return meters.get("normlab.training.attempts.finished").tag("outcome", "completed").counter().count();
  }

  /**
   * A run with a recipe (label smoothing, dropout) trains, and a retrain dispatched with its final
   * checkpoint as {@code initializeFrom} starts from those weights: its first reported loss is below
   * the source's first.
   */
  @Test
  void recipeRunThenARetrainFromItsCheckpointBothTrain() throws Exception {
    UUID sourceId = UUID.randomUUID();
    RecipeSpec recipe = new RecipeSpec("fashion-mnist-demo", 0.1, 0.2, Augmentation.NONE, ValidationTransform.NONE);
    ExperimentSpec sourceSpec = withRecipe(dispatch(sourceId, "fashion-mnist", "bn", 20).spec(), recipe);
    send(Topics.RUN_DISPATCH, sourceId.toString(),
        ContractCodec.encode(RunDispatch.of(sourceId, 1, WORKER, sourceSpec, null, Instant.now())));
    List<RunEvent> source = awaitEvents(sourceId, Duration.ofMinutes(5));
    RunEvent sourceDone = source.get(source.size() - 1);
    assertThat(sourceDone.type()).isEqualTo(RunEventType.COMPLETED);

    UUID retrainId = UUID.randomUUID();
    ExperimentSpec retrainSpec = sourceSpec.withInitializeFrom(new WarmStart(sourceId, sourceDone.checkpoint(), true));
    send(Topics.RUN_DISPATCH, retrainId.toString(),
        ContractCodec.encode(RunDispatch.of(retrainId, 1, WORKER, retrainSpec, null, Instant.now())));
    List<RunEvent> retrain = awaitEvents(retrainId, Duration.ofMinutes(5));

    assertThat(retrain.get(retrain.size() - 1).type()).isEqualTo(RunEventType.COMPLETED);
    assertThat(firstLoss(retrain)).isLessThan(firstLoss(source));
  }

  private static double firstLoss(List<RunEvent> events) {
    return events.stream().filter(e -> e.type() == RunEventType.PROGRESS).findFirst().orElseThrow().progress().loss();
  }

  private static ExperimentSpec withRecipe(ExperimentSpec s, RecipeSpec recipe) {
    return new ExperimentSpec(s.name(), s.task(), s.dataset(), s.backbone(), s.norm(), s.baseWidth(),
        s.normBatchSize(), s.batchSize(), s.epochs(), s.iterations(), s.optimizer(), s.seed(), recipe);
  }

  /**
   * A JPEG folder run decodes through the IBN-Net pipeline; the corrupt files it met are skipped,
   * the run completes, and the count reaches the PROGRESS and COMPLETED events.
   */
  @Test
  void imageFolderRunReportsTheCorruptImagesItSkippedInItsEvents() throws Exception {
    UUID runId = UUID.randomUUID();
    RecipeSpec recipe = new RecipeSpec("ibn-net-small", 0, 0, Augmentation.IBN_NET, ValidationTransform.IBN_NET);
    var spec = new ExperimentSpec("trainer-it-jpeg", Task.CLASSIFICATION, "colours", "resnet10", "bn", 8, 8, 8,
        null, 20, new OptimizerSpec(0.02, 0.9, 1e-4, false, ScheduleSpec.constant()), 3, recipe, null, null, null);
    send(Topics.RUN_DISPATCH, runId.toString(),
        ContractCodec.encode(RunDispatch.of(runId, 1, WORKER, spec, null, Instant.now())));

    List<RunEvent> events = awaitEvents(runId, Duration.ofMinutes(5));

    RunEvent last = events.get(events.size() - 1);
    assertThat(last.type()).as("last event %s", last).isEqualTo(RunEventType.COMPLETED);
    List<Long> skipped = events.stream().filter(e -> e.type() == RunEventType.PROGRESS)
        .map(e -> e.progress().skippedImages()).toList();
    assertThat(skipped).hasSize(4).doesNotContainNull().isSorted();
    // 20 iterations of 8 over 22 samples visit every sample several times, both corrupt ones included.
    assertThat(last.progress().skippedImages()).isGreaterThanOrEqualTo(2L);
  }

  @Test
  void syncbnRunOnTwoReplicasReportsItsReplicaCountAndCompletes() throws Exception {
    UUID runId = UUID.randomUUID();
    var spec = new ExperimentSpec("trainer-it-dp", Task.CLASSIFICATION, "fashion-mnist", "resnet10", "syncbn", 8, 32,
        32, null, 6, new OptimizerSpec(0.05, 0.9, 1e-4, false, ScheduleSpec.constant()), 3, null, null, 2, null);
    send(Topics.RUN_DISPATCH, runId.toString(),
        ContractCodec.encode(RunDispatch.of(runId, 1, WORKER, spec, null, Instant.now())));

    List<RunEvent> events = awaitEvents(runId, Duration.ofMinutes(5));

    assertThat(events.get(0).type()).isEqualTo(RunEventType.STARTED);
    assertThat(events.get(0).replicas()).isEqualTo(2);
    RunEvent last = events.get(events.size() - 1);
    assertThat(last.type()).as("last event %s", last).isEqualTo(RunEventType.COMPLETED);
    assertThat(last.progress().iteration()).isEqualTo(6);
    assertThat(last.progress().loss()).isFinite();
  }

  @Test
  void runOnAnUnavailableDatasetFailsWithAReasonNamingThePackage() throws Exception {
    UUID runId = UUID.randomUUID();
    send(Topics.RUN_DISPATCH, runId.toString(), ContractCodec.encode(dispatch(runId, "missing-set", "bn", 20)));

    List<RunEvent> events = awaitEvents(runId, Duration.ofMinutes(2));

    RunEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(RunEventType.FAILED);
    assertThat(last.failure()).contains("dataset-fashion-mnist");
  }

  @Test
  void runOnADatasetThisWorkerIsNotConfiguredForFailsNamingTheWorkerAndItsDatasets() throws Exception {
    UUID runId = UUID.randomUUID();
    send(Topics.RUN_DISPATCH, runId.toString(), ContractCodec.encode(dispatch(runId, "imagenet-100", "bn", 20)));

    List<RunEvent> events = awaitEvents(runId, Duration.ofMinutes(2));

    assertThat(events).extracting(RunEvent::type).containsExactly(RunEventType.FAILED);
    assertThat(events.get(0).failure())
        .startsWith("dataset 'imagenet-100' is registered on the API but not configured on worker " + WORKER)
        .contains("normlab.datasets.imagenet-100.location")
        // Every dataset this worker is configured with, in name order (the test adds its own).
        .containsPattern("this worker has: [^.]*fashion-mnist, [^.]*missing-set\\.");
  }

  @Test
  void pausedRunStopsWithinSecondsAtACheckpointItCanResumeFrom() throws Exception {
    UUID runId = UUID.randomUUID();
    send(Topics.RUN_DISPATCH, runId.toString(), ContractCodec.encode(dispatch(runId, "fashion-mnist", "bn", 100_000)));
    assertThat(poll(Topics.RUN_EVENTS, runId.toString(), Duration.ofSeconds(60))).isNotEmpty();
    assertThat(poll(Topics.WORKER_HEARTBEATS, WORKER, Duration.ofSeconds(10),
        v -> v.contains(runId.toString()))).isNotEmpty();

    Instant asked = Instant.now();
    send(Topics.RUN_CONTROL, runId.toString(),
        ContractCodec.encode(RunControl.of(runId, 1, RunControl.Action.PAUSE, "test")));
    List<RunEvent> events = awaitEvents(runId, Duration.ofMinutes(1));

    RunEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(RunEventType.PAUSED);
    assertThat(Duration.between(asked, last.occurredAt())).isLessThan(Duration.ofSeconds(10));
    assertThat(Files.exists(CHECKPOINTS.resolve(last.checkpoint().uri()))).isTrue();
  }

  @Test
  void dispatchAssignedToAnotherWorkerIsLeftAlone() throws Exception {
    UUID runId = UUID.randomUUID();
    var spec = dispatch(runId, "fashion-mnist", "bn", 20).spec();
    send(Topics.RUN_DISPATCH, runId.toString(),
        ContractCodec.encode(RunDispatch.of(runId, 1, "some-other-worker", spec, null, Instant.now())));

    assertThat(poll(Topics.RUN_EVENTS, runId.toString(), Duration.ofSeconds(8))).isEmpty();
  }

  @Test
  void poisonDispatchGoesToTheDeadLetterTopic() throws Exception {
    String key = "poison-" + UUID.randomUUID();
    send(Topics.RUN_DISPATCH, key, "{\"schemaVersion\": 99}");

    assertThat(poll(Topics.deadLetter(Topics.RUN_DISPATCH), key, Duration.ofSeconds(60))).isNotEmpty();
  }

  private static RunDispatch dispatch(UUID runId, String dataset, String norm, int iterations) {
    var spec = new ExperimentSpec("trainer-it", Task.CLASSIFICATION, dataset, "resnet10", norm, 8, 16, 32, null,
        iterations, new OptimizerSpec(0.05, 0.9, 1e-4, false, ScheduleSpec.constant()), 3, null);
    return RunDispatch.of(runId, 1, WORKER, spec, null, Instant.now());
  }

  private List<RunEvent> awaitEvents(UUID runId, Duration timeout) {
    List<RunEvent> events = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    try (var consumer = consumer()) {
      consumer.subscribe(List.of(Topics.RUN_EVENTS));
      while (Instant.now().isBefore(deadline)) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (runId.toString().equals(record.key())) {
            RunEvent event = ContractCodec.decode(record.value(), RunEvent.class, RunEvent.SCHEMA_VERSION);
            events.add(event);
            if (event.type().isTerminal()) {
              return events;
            }
          }
        }
      }
    }
    throw new AssertionError("no terminal event for " + runId + " within " + timeout + "; saw " + events);
  }

  private List<String> poll(String topic, String key, Duration timeout) {
    return poll(topic, key, timeout, v -> true);
  }

  private List<String> poll(String topic, String key, Duration timeout, java.util.function.Predicate<String> matches) {
    Instant deadline = Instant.now().plus(timeout);
    try (var consumer = consumer()) {
      consumer.subscribe(List.of(topic));
      while (Instant.now().isBefore(deadline)) {
        List<String> hits = new ArrayList<>();
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          if (key.equals(r.key()) && matches.test(r.value())) {
            hits.add(r.value());
          }
        });
        if (!hits.isEmpty()) {
          return hits;
        }
      }
    }
    return List.of();
  }

  private KafkaConsumer<String, String> consumer() {
    return new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
  }

  private void send(String topic, String key, String value) throws Exception {
    try (var producer = new KafkaProducer<String, String>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  private static Path createTemp() {
    try {
      return Files.createTempDirectory("trainer-it");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

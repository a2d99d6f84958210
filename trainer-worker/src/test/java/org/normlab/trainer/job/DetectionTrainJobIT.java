package org.normlab.trainer.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.run.RunEventType;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.detection.coco.SyntheticCoco;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Task detection through the trainer against a real KRaft broker: a dispatch of a tiny Mask R-CNN
 * spec on a generated COCO-format set is trained by DetectionJob and reported with the same events
 * as a classification run; a second attempt resumes from one of its checkpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(partitions = 2, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
class DetectionTrainJobIT {

  static final Path ROOT = createTemp();
  static final Path SHAPES = ROOT.resolve("shapes");
  static final String WORKER = "det-trainer-it-" + UUID.randomUUID().toString().substring(0, 6);

  @Value("${spring.kafka.bootstrap-servers}")
  String bootstrap;

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    SyntheticCoco.write(SHAPES, "train", 3, new SyntheticCoco.Options(4, 64, 96, 3, 0.2));
    registry.add("normlab.worker-id", () -> WORKER);
    registry.add("normlab.heartbeat-interval", () -> "500ms");
    registry.add("normlab.checkpoint-dir", () -> ROOT.resolve("checkpoints").toString());
    registry.add("normlab.reporting.progress-every-iterations", () -> 2);
    registry.add("normlab.reporting.checkpoint-every-iterations", () -> 3);
    registry.add("normlab.datasets.shapes-it.format", () -> "coco-json");
    registry.add("normlab.datasets.shapes-it.location", SHAPES::toString);
    registry.add("normlab.datasets.shapes-it.num-classes", () -> 3);
    registry.add("normlab.datasets.shapes-it.channels", () -> 3);
    registry.add("normlab.datasets.shapes-it.height", () -> 64);
    registry.add("normlab.datasets.shapes-it.width", () -> 96);
  }

  @Test
  void detectionRunIsTrainedReportedInOrderAndResumable() throws Exception {
    assertThat(poll(Topics.WORKER_HEARTBEATS, WORKER, Duration.ofSeconds(60))).isNotEmpty();
    UUID runId = UUID.randomUUID();
    ExperimentSpec spec = detectionSpec("shapes-it", 6);
    send(runId, RunDispatch.of(runId, 1, WORKER, spec, null, Instant.now()));

    List<RunEvent> events = awaitEvents(runId, 1, Duration.ofMinutes(4));

    assertThat(events).extracting(RunEvent::sequence)
        .containsExactly(LongStream.range(0, events.size()).boxed().toArray(Long[]::new));
    assertThat(events.get(0).type()).isEqualTo(RunEventType.STARTED);
    assertThat(events.get(0).replicas()).isEqualTo(1);
    assertThat(events).filteredOn(e -> e.type() == RunEventType.PROGRESS)
        .extracting(e -> e.progress().iteration()).containsExactly(2L, 4L, 6L);
    assertThat(events).filteredOn(e -> e.type() == RunEventType.PROGRESS)
        .allSatisfy(e -> assertThat(e.progress().loss()).isFinite().isPositive());
    // Every 3 iterations, every epoch end (2 iterations of 2 images) and the end.
    assertThat(events).filteredOn(e -> e.type() == RunEventType.CHECKPOINTED)
        .extracting(e -> e.checkpoint().iteration()).containsExactly(2L, 3L, 4L, 6L);
    RunEvent completed = events.get(events.size() - 1);
    assertThat(completed.type()).isEqualTo(RunEventType.COMPLETED);
    assertThat(completed.progress().iteration()).isEqualTo(6);
    assertThat(Files.size(ROOT.resolve("checkpoints").resolve(completed.checkpoint().uri())))
        .isEqualTo(completed.checkpoint().sizeBytes());

    // A second attempt from the iteration-4 checkpoint trains only the last two iterations.
    RunEvent atFour = events.stream()
        .filter(e -> e.type() == RunEventType.CHECKPOINTED && e.checkpoint().iteration() == 4).findFirst().orElseThrow();
    send(runId, RunDispatch.of(runId, 2, WORKER, spec, atFour.checkpoint(), Instant.now()));
    List<RunEvent> resumed = awaitEvents(runId, 2, Duration.ofMinutes(3));
    assertThat(resumed).filteredOn(e -> e.type() == RunEventType.PROGRESS)
        .extracting(e -> e.progress().iteration()).containsExactly(6L);
    assertThat(resumed.get(resumed.size() - 1).type()).isEqualTo(RunEventType.COMPLETED);
  }

  @Test
  void detectionSpecOnAClassificationDatasetFailsNamingTheFormat() throws Exception {
    assertThat(poll(Topics.WORKER_HEARTBEATS, WORKER, Duration.ofSeconds(60))).isNotEmpty();
    UUID runId = UUID.randomUUID();
    send(runId, RunDispatch.of(runId, 1, WORKER, detectionSpec("fashion-mnist", 2), null, Instant.now()));

    List<RunEvent> events = awaitEvents(runId, 1, Duration.ofMinutes(2));

    RunEvent last = events.get(events.size() - 1);
    assertThat(last.type()).isEqualTo(RunEventType.FAILED);
    assertThat(last.failure()).contains("COCO_JSON", "'fashion-mnist' is FASHION_MNIST_IDX");
  }

  private static ExperimentSpec detectionSpec(String dataset, int iterations) {
    return new ExperimentSpec("det-trainer-it", Task.DETECTION, dataset, "resnet10", "gn:4", 4, 2, 2, null,
        iterations, new OptimizerSpec(0.02, 0.9, 1e-4, false, new ScheduleSpec(ScheduleSpec.ScheduleType.CONSTANT,
            List.of(), 1, 2)), 7, null);
  }

  private List<RunEvent> awaitEvents(UUID runId, int attempt, Duration timeout) {
    List<RunEvent> events = new ArrayList<>();
    Instant deadline = Instant.now().plus(timeout);
    try (var consumer = consumer()) {
      consumer.subscribe(List.of(Topics.RUN_EVENTS));
      while (Instant.now().isBefore(deadline)) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          if (runId.toString().equals(record.key())) {
            RunEvent event = ContractCodec.decode(record.value(), RunEvent.class, RunEvent.SCHEMA_VERSION);
            if (event.attempt() != attempt) {
              continue;
            }
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
    Instant deadline = Instant.now().plus(timeout);
    try (var consumer = consumer()) {
      consumer.subscribe(List.of(topic));
      while (Instant.now().isBefore(deadline)) {
        List<String> hits = new ArrayList<>();
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          if (key.equals(r.key())) {
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

  private void send(UUID runId, RunDispatch dispatch) throws Exception {
    try (var producer = new KafkaProducer<String, String>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
      producer.send(new ProducerRecord<>(Topics.RUN_DISPATCH, runId.toString(), ContractCodec.encode(dispatch))).get();
    }
  }

  private static Path createTemp() {
    try {
      return Files.createTempDirectory("det-trainer-it");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

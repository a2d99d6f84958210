package org.normlab.api.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.api.support.TopicProbe;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunEvent;
import tools.jackson.databind.JsonNode;

/**
 * A run's SSE stream over the real broker and database: events a worker publishes on Kafka reach an
 * open stream once they are stored, as metric points and status changes, each exactly once.
 */
class RunStreamIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void streamSendsASnapshotThenEachStoredPointAndStatusChangeOnce() throws Exception {
    UUID runId = submitAndDispatch();
    var events = RunEvent.forAttempt(runId, 1, worker.id());

    try (SseClient stream = SseClient.open(uri("/api/v1/experiments/" + runId + "/stream"))) {
      Sse snapshot = stream.next();
      assertThat(snapshot.name()).isEqualTo("status");
      assertThat(snapshot.data().get("cause").asString()).isEqualTo("SNAPSHOT");
      assertThat(snapshot.data().get("status").asString()).isEqualTo("DISPATCHED");

      publish(events.started(new Progress(0, 0, 20, 0, 0.1, 0)));
      Sse started = stream.next();
      assertThat(started.name()).isEqualTo("status");
      assertThat(started.data().get("cause").asString()).isEqualTo("STARTED");
      assertThat(started.data().get("status").asString()).isEqualTo("RUNNING");

      RunEvent first = events.progress(new Progress(0, 10, 20, 1.5, 0.1, 900));
      publish(first);
      publish(first); // redelivered: stored once, streamed once
      publish(events.progress(new Progress(1, 20, 20, 0.9, 0.05, 950)));

      Sse point10 = stream.next();
      assertThat(point10.name()).isEqualTo("metric");
      assertThat(point10.data().at("/point/iteration").asLong()).isEqualTo(10);
      assertThat(point10.data().at("/point/loss").asDouble()).isEqualTo(1.5);
      assertThat(point10.data().at("/point/lr").asDouble()).isEqualTo(0.1);
      assertThat(point10.data().at("/point/imagesPerSecond").asDouble()).isEqualTo(900);
      Sse point20 = stream.next();
      assertThat(point20.name()).isEqualTo("metric");
      assertThat(point20.data().at("/point/iteration").asLong()).isEqualTo(20);

      CheckpointRef checkpoint = new CheckpointRef("runs/" + runId + "/attempt-1/iter-000000020.ckpt",
          "b".repeat(64), 1, 20, 4096);
      publish(events.completed(new Progress(1, 20, 20, 0.9, 0.05, 950), checkpoint));
      Sse completed = stream.next();
      assertThat(completed.name()).isEqualTo("status");
      assertThat(completed.data().get("cause").asString()).isEqualTo("COMPLETED");
      assertThat(completed.data().get("status").asString()).isEqualTo("EVALUATING");
      assertThat(completed.data().get("checkpointUri").asString()).isEqualTo(checkpoint.uri());
    }
  }

  @Test
  void cancellingARunIsStreamedAsAStatusChange() throws Exception {
    UUID runId = submitAndDispatch();
    try (SseClient stream = SseClient.open(uri("/api/v1/experiments/" + runId + "/stream"))) {
      assertThat(stream.next().data().get("cause").asString()).isEqualTo("SNAPSHOT");
      assertThat(post("/api/v1/experiments/" + runId + "/cancel", "").status()).isEqualTo(200);
      Sse cancelled = stream.next();
      assertThat(cancelled.data().get("cause").asString()).isEqualTo("CANCEL");
      assertThat(cancelled.data().get("status").asString()).isEqualTo("CANCELLED");
    }
  }

  @Test
  void streamOfAnUnknownRunIsNotFound() throws Exception {
    HttpResponse<String> response = HTTP.send(
        HttpRequest.newBuilder(uri("/api/v1/experiments/" + UUID.randomUUID() + "/stream"))
            .header("Accept", "text/event-stream").header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(404);
  }

  private UUID submitAndDispatch() {
    Response created = post("/api/v1/experiments", """
        {"name": "stream-%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 32, "iterations": 20, "force": true}
        """.formatted(UUID.randomUUID()));
    assertThat(created.status()).isEqualTo(201);
    UUID runId = UUID.fromString(created.body().get("id").asString());
    worker.running(runId, 1);
    assertThat(worker.awaitDispatch(runId, 1, WAIT)).isPresent();
    return runId;
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static void publish(RunEvent event) {
    TopicProbe.send(Topics.RUN_EVENTS, event.runId().toString(), ContractCodec.encode(event));
  }

  record Sse(String name, JsonNode data) {}

  /** Reads an event stream on a thread of its own, one parsed event at a time. */
  static final class SseClient implements AutoCloseable {
    private final InputStream body;
    private final BlockingQueue<Sse> received = new LinkedBlockingQueue<>();

    private SseClient(InputStream body) {
      this.body = body;
      Thread reader = new Thread(this::read, "sse-client");
      reader.setDaemon(true);
      reader.start();
    }

    static SseClient open(URI uri) throws IOException, InterruptedException {
      HttpResponse<InputStream> response = HTTP.send(
          HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
              .header("Authorization", "Bearer " + ADMIN_TOKEN).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      return new SseClient(response.body());
    }

    Sse next() throws InterruptedException {
      Sse event = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(event).as("an event within %s", WAIT).isNotNull();
      return event;
    }

    private void read() {
      try (var lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
        String name = "message";
        StringBuilder data = new StringBuilder();
        for (String line; (line = lines.readLine()) != null; ) {
          if (line.startsWith("event:")) {
            name = line.substring(6).trim();
          } else if (line.startsWith("data:")) {
            data.append(line.substring(5));
          } else if (line.isEmpty() && !data.isEmpty()) {
            received.add(new Sse(name, JSON.readTree(data.toString())));
            name = "message";
            data.setLength(0);
          }
        }
      } catch (IOException e) {
        // closed by the test
      }
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }
}

package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The scheduler of record against the real broker and database: leases, lost workers, restarts,
 * control actions and idempotent submission. Workers are simulated at the protocol level.
 */
class SchedulingIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @Autowired
  MeterRegistry meters;

  @Test
  void lostWorkerLeaseExpiresAndTheNextAttemptResumesFromTheLastCheckpointElsewhere() {
    double expiriesBefore = meters.get("normlab.scheduler.lease.expiries").counter().count();
    UUID runId = submit("lost-worker", 3);
    CheckpointRef checkpoint = new CheckpointRef("runs/" + runId + "/attempt-1/iter-000000010.ckpt", "b".repeat(64),
        0, 10, 2048);
    try (SimulatedWorker first = new SimulatedWorker(50)) {
      RunDispatch attempt1 = first.awaitDispatch(runId, 1, WAIT).orElseThrow();
      first.running(runId, 1);
      var events = RunEvent.forAttempt(runId, 1, first.id());
      SimulatedWorker.publish(events.started(new Progress(0, 0, 40, 0, 0.1, 0)));
      SimulatedWorker.publish(events.progress(new Progress(0, 10, 40, 2.0, 0.1, 100)));
      SimulatedWorker.publish(events.checkpointed(checkpoint));
      SimulatedWorker.publish(events.progress(new Progress(0, 15, 40, 1.9, 0.1, 100)));
      await().atMost(WAIT).until(() -> get("/api/v1/experiments/" + runId + "/metrics").body().size() == 2);
      assertThat(attempt1.resumeFrom()).isNull();

      first.die(); // kill -9: no more heartbeats, no more events
      try (SimulatedWorker second = new SimulatedWorker(50)) {
        RunDispatch attempt2 = second.awaitDispatch(runId, 2, WAIT).orElseThrow();

        assertThat(attempt2.resumeFrom()).isEqualTo(checkpoint);
        JsonNode run = get("/api/v1/experiments/" + runId).body();
        assertThat(run.get("attempt").asInt()).isEqualTo(2);
        assertThat(run.at("/scheduling/restarts").asInt()).isEqualTo(1);
        // The dead attempt's point past the checkpoint (iteration 15) is superseded.
        JsonNode curve = get("/api/v1/experiments/" + runId + "/metrics").body();
        assertThat(curve).hasSize(1);
        assertThat(curve.get(0).get("iteration").asLong()).isEqualTo(10);
        assertThat(SimulatedWorker.awaitControl(runId, 1, RunControl.Action.CANCEL, WAIT)).isPresent();
        assertThat(meters.get("normlab.scheduler.lease.expiries").counter().count()).isGreaterThan(expiriesBefore);
      }
    }
  }

  /**
   * A broker outage silences every worker at once. That is not a dead worker: the run keeps its
   * attempt and its worker, and no CANCEL is sent, however long the silence lasts.
   */
  @Test
  void leasesOutliveASilenceOfEveryWorkerAndRestartWhenHeartbeatsReturn() throws InterruptedException {
    UUID runId = submit("pipe-outage", 3);
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      worker.awaitDispatch(runId, 1, WAIT).orElseThrow();
      worker.running(runId, 1);
      SimulatedWorker.publish(RunEvent.forAttempt(runId, 1, worker.id()).started(new Progress(0, 0, 9, 0, 0.1, 0)));
      await().atMost(WAIT).until(() -> status(runId).equals("RUNNING"));

      SimulatedWorker.silenceEveryWorker();
      try {
        Thread.sleep(2 * LEASE_SECONDS * 1000L); // two leases of silence
        assertThat(status(runId)).isEqualTo("RUNNING");
      } finally {
        SimulatedWorker.unsilenceEveryWorker();
      }
      Thread.sleep(2 * LEASE_SECONDS * 1000L); // heartbeats back: the lease restarts and is renewed

      JsonNode run = get("/api/v1/experiments/" + runId).body();
      assertThat(run.get("status").asString()).isEqualTo("RUNNING");
      assertThat(run.get("attempt").asInt()).isEqualTo(1);
      assertThat(run.get("worker").asString()).isEqualTo(worker.id());
      assertThat(SimulatedWorker.awaitControl(runId, 1, RunControl.Action.CANCEL, Duration.ofSeconds(10))).isEmpty();
    }
  }

  @Test
  void runFailsWithTheReasonOnceItHasUsedUpItsRestarts() {
    UUID runId = submit("no-restarts", 0);
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      worker.awaitDispatch(runId, 1, WAIT).orElseThrow();
      try (SimulatedWorker bystander = new SimulatedWorker(0)) {
        worker.die();
        await().atMost(WAIT).until(() -> status(runId).equals("FAILED"));
      }
    }
    assertThat(get("/api/v1/experiments/" + runId).body().get("failure").asString()).contains("maxRestarts 0");
  }

  @Test
  void cancellingARunningRunTellsItsWorkerToStop() {
    UUID runId = submit("cancel-me", 3);
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      worker.awaitDispatch(runId, 1, WAIT).orElseThrow();
      worker.running(runId, 1);
      SimulatedWorker.publish(RunEvent.forAttempt(runId, 1, worker.id()).started(new Progress(0, 0, 9, 0, 0.1, 0)));
      await().atMost(WAIT).until(() -> status(runId).equals("RUNNING"));

      Response cancelled = post("/api/v1/experiments/" + runId + "/cancel", "");

      assertThat(cancelled.status()).isEqualTo(200);
      assertThat(cancelled.body().get("status").asString()).isEqualTo("CANCELLED");
      assertThat(SimulatedWorker.awaitControl(runId, 1, RunControl.Action.CANCEL, WAIT)).isPresent();
      Response again = post("/api/v1/experiments/" + runId + "/cancel", "");
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.body().get("code").asString()).isEqualTo("invalid-state");
    }
  }

  @Test
  void pausedRunCheckpointsFreesItsSlotAndResumesAsANewAttemptFromThatCheckpoint() {
    UUID runId = submit("pause-me", 3);
    CheckpointRef checkpoint = new CheckpointRef("runs/" + runId + "/attempt-1/iter-000000007.ckpt", "c".repeat(64),
        0, 7, 1024);
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      worker.awaitDispatch(runId, 1, WAIT).orElseThrow();
      worker.running(runId, 1);
      var events = RunEvent.forAttempt(runId, 1, worker.id());
      SimulatedWorker.publish(events.started(new Progress(0, 0, 20, 0, 0.1, 0)));
      await().atMost(WAIT).until(() -> status(runId).equals("RUNNING"));

      assertThat(post("/api/v1/experiments/" + runId + "/pause", "").body().get("status").asString())
          .isEqualTo("PAUSING");
      assertThat(SimulatedWorker.awaitControl(runId, 1, RunControl.Action.PAUSE, WAIT)).isPresent();
      SimulatedWorker.publish(events.paused(checkpoint));
      worker.idle();
      await().atMost(WAIT).until(() -> status(runId).equals("PAUSED"));

      assertThat(post("/api/v1/experiments/" + runId + "/resume", "").body().get("attempt").asInt()).isEqualTo(2);
      RunDispatch resumed = worker.awaitDispatch(runId, 2, WAIT).orElseThrow();
      assertThat(resumed.resumeFrom()).isEqualTo(checkpoint);
    }
  }

  @Test
  void eventsOfAStaleAttemptChangeNothingAndThatAttemptIsToldToStop() {
    UUID runId = submit("stale", 3);
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      worker.awaitDispatch(runId, 1, WAIT).orElseThrow();
      worker.running(runId, 1);
      SimulatedWorker.publish(RunEvent.forAttempt(runId, 1, worker.id()).started(new Progress(0, 0, 9, 0, 0.1, 0)));
      await().atMost(WAIT).until(() -> status(runId).equals("RUNNING"));

      var ghost = RunEvent.forAttempt(runId, 7, "ghost-worker");
      SimulatedWorker.publish(ghost.started(new Progress(0, 0, 9, 0, 0.1, 0)));
      SimulatedWorker.publish(ghost.progress(new Progress(0, 5, 9, 9.9, 0.1, 1)));

      assertThat(SimulatedWorker.awaitControl(runId, 7, RunControl.Action.CANCEL, WAIT)).isPresent();
      JsonNode run = get("/api/v1/experiments/" + runId).body();
      assertThat(run.get("attempt").asInt()).isEqualTo(1);
      assertThat(run.get("worker").asString()).isEqualTo(worker.id());
      assertThat(get("/api/v1/experiments/" + runId + "/metrics").body()).isEmpty();
    }
  }

  @Test
  void retriedSubmissionWithTheSameIdempotencyKeyReturnsTheSameExperiment() {
    String key = "submit-" + UUID.randomUUID();
    String body = spec("idempotent", 3);

    Response first = post("/api/v1/experiments", body, key);
    Response retry = post("/api/v1/experiments", body, key);
    Response other = post("/api/v1/experiments", spec("different", 3), key);

    assertThat(first.status()).isEqualTo(201);
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.body().get("id").asString()).isEqualTo(first.body().get("id").asString());
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.body().get("code").asString()).isEqualTo("idempotency-key-reused");
    assertThat(get("/api/v1/experiments?name=idempotent").body().get("totalElements").asInt()).isEqualTo(1);
  }

  @Test
  void concurrentRequestsWithOneIdempotencyKeyCreateOneExperimentAndAllGetIt() throws Exception {
    String key = "race-" + UUID.randomUUID();
    String name = "race-" + UUID.randomUUID();
    String body = """
        {"name": "%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 32, "iterations": 40}
        """.formatted(name);
    var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
    try {
      var answers = pool.invokeAll(java.util.Collections.nCopies(8,
          (java.util.concurrent.Callable<Response>) () -> post("/api/v1/experiments", body, key)));
      java.util.Set<String> ids = new java.util.HashSet<>();
      for (var answer : answers) {
        assertThat(answer.get().status()).isEqualTo(201);
        ids.add(answer.get().body().get("id").asString());
      }
      assertThat(ids).hasSize(1);
      assertThat(get("/api/v1/experiments?name=" + name).body().get("totalElements").asInt()).isEqualTo(1);
      post("/api/v1/experiments/" + ids.iterator().next() + "/cancel", ""); // leave no run for the next test's worker
    } finally {
      pool.shutdown();
    }
  }

  private UUID submit(String name, int maxRestarts) {
    Response created = post("/api/v1/experiments", spec(name, maxRestarts));
    assertThat(created.status()).isEqualTo(201);
    return UUID.fromString(created.body().get("id").asString());
  }

  private static String spec(String name, int maxRestarts) {
    return """
        {"name": "%s-%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 32, "iterations": 40, "maxRestarts": %d}
        """.formatted(name, name.equals("idempotent") ? "x" : UUID.randomUUID(), maxRestarts);
  }
}

package org.normlab.api.support;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.contracts.eval.InferenceSpeed;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunEvent;

/**
 * Takes a submitted run through the platform as a trainer and an eval worker would: dispatch to a
 * simulated worker, STARTED and COMPLETED over Kafka, then the evaluation result for the request the
 * API sent. The caller awaits the effect it asserts (a leaderboard row, a report).
 */
public final class EvaluatedRuns {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private EvaluatedRuns() {}

  /**
   * Has {@code worker} report the runs' first attempts as its own from now on, so that their leases
   * hold while a test gets round to completing them one by one (reading a topic takes seconds).
   */
  public static void claim(SimulatedWorker worker, Iterable<UUID> runIds) {
    runIds.forEach(id -> worker.running(id, 1));
  }

  /** Trains (as {@code worker}) and scores the run; {@code imagesPerSecond} null = no speed measured. */
  public static void complete(SimulatedWorker worker, UUID runId, double top1Error, double top5Error,
      Double imagesPerSecond) {
    complete(worker, runId, top1Error, top5Error, imagesPerSecond, null);
  }

  /** As above, the worker reporting in STARTED that it trains on {@code replicas} (null: not reported). */
  public static void complete(SimulatedWorker worker, UUID runId, double top1Error, double top5Error,
      Double imagesPerSecond, Integer replicas) {
    worker.running(runId, 1);
    int attempt = worker.awaitDispatchToMe(runId, WAIT).orElseThrow(
        () -> new AssertionError("run " + runId + " was not dispatched to " + worker.id())).attempt();
    worker.running(runId, attempt);
    var events = RunEvent.forAttempt(runId, attempt, worker.id());
    CheckpointRef checkpoint = new CheckpointRef("runs/" + runId + "/attempt-1/iter-000000020.ckpt",
        sha(runId), 1, 20, 4096);
    Progress initial = new Progress(0, 0, 20, 0, 0.1, 0);
    SimulatedWorker.publish(replicas == null ? events.started(initial) : events.started(initial, replicas));
    SimulatedWorker.publish(events.completed(new Progress(1, 20, 20, 0.9, 0.05, 950), checkpoint));
    EvaluationRequested request = ContractCodec.decode(
        TopicProbe.await(Topics.EVAL_REQUESTS, r -> runId.toString().equals(r.key()), WAIT).orElseThrow().value(),
        EvaluationRequested.class, EvaluationRequested.SCHEMA_VERSION);
    InferenceSpeed speed = imagesPerSecond == null ? null : new InferenceSpeed(32, 1, 28, 28, 10, imagesPerSecond);
    var result = new EvaluationCompleted(EvaluationCompleted.SCHEMA_VERSION, request.evaluationId(), runId,
        EvaluationCompleted.Status.SUCCEEDED, request.spec().dataset(), "test", checkpoint.sha256(),
        new ClassificationMetrics(top1Error, top5Error, 10_000, 4000, speed), null, null,
        "eval-test", Instant.now());
    TopicProbe.send(Topics.EVAL_RESULTS, runId.toString(), ContractCodec.encode(result));
  }

  /** A checkpoint hash of the run's own, so that rows can be told apart. */
  public static String sha(UUID runId) {
    String hex = runId.toString().replace("-", "");
    return (hex + hex).substring(0, 64);
  }
}

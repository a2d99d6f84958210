package org.normlab.api.experiment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.normlab.api.auth.Caller;
import org.normlab.api.outbox.OutboxWriter;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.RunControl;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The experiment feature's API: submit (idempotently), read, list, control (cancel, pause,
 * resume) and the outcome of evaluation. Dispatch is the scheduler's: a submitted run waits in the
 * queue until a worker has a free slot.
 */
@Service
public class ExperimentService {

  /**
   * The experiment a submission created; whether it was created by an earlier request (same
   * idempotency key); whether it is an earlier run with the same config hash and code version,
   * linked instead of training again.
   */
  public record SubmissionResult(ExperimentView experiment, boolean replayed, boolean deduplicated) {}

  private final ExperimentRepository experiments;
  private final SpecValidator validator;
  private final OutboxWriter outbox;
  private final JdbcClient jdbc;
  private final IdempotencyKeys idempotencyKeys;
  private final ExperimentInserts inserts;
  private final Retraining retraining;
  private final CodeVersion codeVersion;
  private final ApplicationEventPublisher updates;
  private final OwnerPolicies owners;
  private final IdenticalRuns identicalRuns;

  ExperimentService(ExperimentRepository experiments, SpecValidator validator, OutboxWriter outbox, JdbcClient jdbc,
      IdempotencyKeys idempotencyKeys, ExperimentInserts inserts, Retraining retraining, CodeVersion codeVersion,
      ApplicationEventPublisher updates, OwnerPolicies owners, IdenticalRuns identicalRuns) {
    this.owners = owners;
    this.identicalRuns = identicalRuns;
    this.idempotencyKeys = idempotencyKeys;
    this.inserts = inserts;
    this.retraining = retraining;
    this.codeVersion = codeVersion;
    this.updates = updates;
    this.experiments = experiments;
    this.validator = validator;
    this.outbox = outbox;
    this.jdbc = jdbc;
  }

  /**
   * Validates, stores and queues the experiment. With an idempotency key, a repeated request
   * returns the experiment the first one created; the same key with a different body is refused.
   */
  @Transactional
  public SubmissionResult submit(CreateExperimentRequest request, String idempotencyKey) {
    return submit(request, idempotencyKey, false);
  }

  /**
   * {@link #submit(CreateExperimentRequest, String)}; with {@code linkInFlight}, a run with the same
   * config hash and code version that is still queued or training is linked too (a suite relaunched
   * before its previous runs finished must not train them twice). Unforced submissions link only
   * completed runs, as the API documents.
   */
  @Transactional
  public SubmissionResult submit(CreateExperimentRequest request, String idempotencyKey, boolean linkInFlight) {
    return submit(request, idempotencyKey, linkInFlight, null);
  }

  /**
   * A client's submission: a request that names no owner counts against the caller's token name,
   * and a researcher's priority must be within the limits admins set ({@link OwnerPolicies}).
   */
  @Transactional
  public SubmissionResult submitAs(Caller caller, CreateExperimentRequest request, String idempotencyKey) {
    return submit(request, idempotencyKey, false, caller);
  }

  private SubmissionResult submit(CreateExperimentRequest request, String idempotencyKey, boolean linkInFlight,
      Caller caller) {
    SpecValidator.Submission submission = validator.validate(request, ownerOf(caller));
    owners.checkPriority(caller, submission.scheduling());
    Instant now = Instant.now();
    String requestHash = idempotencyKey == null
        ? null : IdempotencyKeys.sha256(ContractCodec.mapper().writeValueAsString(request));
    // The entity computes the config hash once; dedup reads it from there.
    UUID id = UUID.randomUUID();
    String specJson = ContractCodec.mapper().writeValueAsString(submission.spec());
    Experiment experiment =
        Experiment.queued(id, submission.spec(), specJson, submission.scheduling(), codeVersion.value(), now);
    if (!Boolean.TRUE.equals(request.force())) {
      Optional<UUID> same = sameRun(experiment.getConfigHash(), linkInFlight);
      if (same.isPresent()) {
        // The key now names the linked run: a retry finds it again.
        Optional<UUID> earlier = idempotencyKey == null
            ? Optional.empty() : idempotencyKeys.claim(idempotencyKey, requestHash, same.get(), now);
        return earlier.isPresent()
            ? new SubmissionResult(withResult(find(earlier.get())), true, false)
            : new SubmissionResult(withResult(find(same.get())), false, true);
      }
    }
    Optional<UUID> earlier = inserts.insertOnce(experiment, idempotencyKey, requestHash);
    return earlier.isPresent()
        ? new SubmissionResult(withResult(find(earlier.get())), true, false)
        : new SubmissionResult(toView(experiment), false, false);
  }

  /** Queues a new run that starts from the end of epoch E of run {@code sourceId} (see {@link Retraining}). */
  @Transactional
  public ExperimentView retrain(UUID sourceId, RetrainRequest request, Caller caller) {
    ExperimentSpec source = ContractCodec.mapper().readValue(find(sourceId).getSpecJson(), ExperimentSpec.class);
    SpecValidator.Submission submission = retraining.plan(sourceId, source, request, ownerOf(caller));
    owners.checkPriority(caller, submission.scheduling());
    String specJson = ContractCodec.mapper().writeValueAsString(submission.spec());
    return toView(experiments.saveAndFlush(Experiment.queued(UUID.randomUUID(), submission.spec(), specJson,
        submission.scheduling(), codeVersion.value(), Instant.now())));
  }

  private Optional<UUID> sameRun(String configHash, boolean linkInFlight) {
    return linkInFlight
        ? identicalRuns.completedOrInFlight(configHash, codeVersion.value())
        : identicalRuns.completed(configHash, codeVersion.value());
  }

  /** The run with its leaderboard entry, if it has been evaluated. */
  private ExperimentView withResult(Experiment e) {
    ExperimentView.ResultView result = jdbc.sql("SELECT evaluation_id, checkpoint_uri, checkpoint_sha256,"
            + " top1_error, top5_error, samples, images_per_second, speed_batch_size, evaluated_at"
            + " FROM leaderboard_entries WHERE run_id = ?")
        .param(e.getId())
        .query((rs, i) -> new ExperimentView.ResultView(rs.getObject(1, UUID.class), rs.getString(2),
            rs.getString(3), rs.getDouble(4), rs.getDouble(5), rs.getLong(6), rs.getObject(7, Double.class),
            rs.getObject(8, Integer.class), rs.getTimestamp(9).toInstant()))
        .optional().orElse(null);
    return toView(e, result);
  }

  @Transactional(readOnly = true)
  public ExperimentView get(UUID id) {
    return withResult(find(id));
  }

  @Transactional(readOnly = true)
  public Page<ExperimentView> list(ExperimentFilter filter, Pageable page) {
    return experiments.findAll(filter.toSpecification(), page).map(ExperimentService::toView);
  }

  @Transactional(readOnly = true)
  public List<MetricPoint> metrics(UUID id) {
    find(id);
    return jdbc.sql("SELECT iteration, epoch, attempt, loss, lr, images_per_second FROM metric_points"
            + " WHERE run_id = ? ORDER BY iteration")
        .param(id)
        .query((rs, i) -> new MetricPoint(
            rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)))
        .list();
  }

  @Transactional(readOnly = true)
  public List<RunEventView> events(UUID id) {
    find(id);
    return jdbc.sql("SELECT attempt, sequence, type, occurred_at, worker FROM run_events WHERE run_id = ?"
            + " ORDER BY occurred_at, attempt, sequence")
        .param(id)
        .query((rs, i) -> new RunEventView(rs.getInt(1), rs.getLong(2), rs.getString(3),
            rs.getTimestamp(4).toInstant(), rs.getString(5)))
        .list();
  }

  /**
   * Moves a queued (or paused) run to another priority class; its place in the queue follows at
   * once. Runs already on a worker keep theirs: priority decides only who is dispatched next.
   */
  @Transactional
  public ExperimentView reprioritize(UUID id, RunPatchRequest request) {
    Priority priority = request == null ? null : Priority.fromWire(request.priority());
    if (priority == null) {
      throw new InvalidRequestException(List.of(
          FieldViolation.oneOf("priority", request == null ? null : request.priority(), Priority.NAMES)));
    }
    Experiment e = find(id);
    requireState(e, "reprioritize", RunStatus.QUEUED, RunStatus.PAUSED);
    e.reprioritize(priority, Instant.now());
    updates.publishEvent(RunUpdate.of(e, "PRIORITY", null, Instant.now()));
    return toView(e);
  }

  private static String ownerOf(Caller caller) {
    return caller == null ? Scheduling.DEFAULT_OWNER : caller.name();
  }

  /** Stops the run for good; a worker running it is told to stop within seconds. */
  @Transactional
  public ExperimentView cancel(UUID id, String reason) {
    Experiment e = find(id);
    requireState(e, "cancel", RunStatus.QUEUED, RunStatus.DISPATCHED, RunStatus.RUNNING, RunStatus.PAUSING,
        RunStatus.PAUSED, RunStatus.EVALUATING);
    String worker = e.getAssignedWorker();
    int attempt = e.getAttempt();
    boolean onWorker = e.getStatus().isOnWorker();
    e.markCancelled(reason == null ? "cancelled on request" : reason, Instant.now());
    if (onWorker) {
      control(id, attempt, RunControl.Action.CANCEL, "cancelled on request");
    }
    updates.publishEvent(RunUpdate.of(e, "CANCEL", null, Instant.now()));
    return toView(e);
  }

  /** Queued runs pause at once; a running one checkpoints, frees its slot and reports PAUSED. */
  @Transactional
  public ExperimentView pause(UUID id) {
    Experiment e = find(id);
    requireState(e, "pause", RunStatus.QUEUED, RunStatus.DISPATCHED, RunStatus.RUNNING);
    boolean onWorker = e.getStatus().isOnWorker();
    e.requestPause(Instant.now());
    if (onWorker) {
      control(id, e.getAttempt(), RunControl.Action.PAUSE, "paused on request");
    }
    updates.publishEvent(RunUpdate.of(e, "PAUSE", null, Instant.now()));
    return toView(e);
  }

  /** A paused run goes back to the queue as a new attempt that resumes from its last checkpoint. */
  @Transactional
  public ExperimentView resume(UUID id) {
    Experiment e = find(id);
    requireState(e, "resume", RunStatus.PAUSED);
    e.resume(Instant.now());
    updates.publishEvent(RunUpdate.of(e, "RESUME", null, Instant.now()));
    return toView(e);
  }

  /**
   * Records the end of a run's evaluation: SUCCEEDED with scores on the leaderboard, or FAILED. A
   * pretrained entry is SUCCEEDED from registration; a failed evaluation (weights missing, altered,
   * or not of the registered architecture) marks it FAILED so that the reason shows.
   */
  @Transactional
  public void evaluationFinished(UUID runId, boolean succeeded, String failure, Instant at) {
    Experiment experiment = find(runId);
    boolean pretrained = experiment.getOrigin() == Origin.PRETRAINED && experiment.getStatus() == RunStatus.SUCCEEDED;
    if (experiment.getStatus() != RunStatus.EVALUATING && !pretrained) {
      return;
    }
    if (!succeeded) {
      experiment.markFailed("evaluation failed: " + failure, at);
    } else if (!pretrained) {
      experiment.markSucceeded(at);
    }
    updates.publishEvent(RunUpdate.of(experiment, succeeded ? "EVALUATED" : "EVALUATION_FAILED", null, at));
  }

  private void control(UUID runId, int attempt, RunControl.Action action, String reason) {
    outbox.append(Topics.RUN_CONTROL, runId.toString(), RunControl.of(runId, attempt, action, reason));
  }

  private static void requireState(Experiment e, String action, RunStatus... allowed) {
    if (!List.of(allowed).contains(e.getStatus())) {
      throw new RunStateConflictException(e.getId(), action, e.getStatus(), List.of(allowed));
    }
  }

  Experiment find(UUID id) {
    return experiments.findById(id).orElseThrow(() -> new ExperimentNotFoundException(id));
  }

  static ExperimentView toView(Experiment e) {
    return toView(e, null);
  }

  static ExperimentView toView(Experiment e, ExperimentView.ResultView result) {
    var progress = new ExperimentView.ProgressView(
        e.getProgressEpoch(), e.getProgressIteration(), e.getTotalIterations(), e.getLastLoss(), e.getLastLr(),
        e.getImagesPerSecond());
    var scheduling = new ExperimentView.SchedulingView(Priority.ofWeight(e.getPriority()), e.getOwner(),
        e.getMaxRestarts(), e.getRestarts(), e.getAssignedWorker(), e.getLeaseExpiresAt());
    return new ExperimentView(
        e.getId(), e.getName(), e.getStatus(), e.getOrigin(), e.getSource(), e.getAttempt(),
        ContractCodec.mapper().readTree(e.getSpecJson()),
        scheduling, progress, e.getCheckpointUri(), e.getCheckpointSha256(), e.getWorker(), e.getFailure(),
        e.getCreatedAt(), e.getStartedAt(), e.getFinishedAt(), e.getTrainedReplicas(), e.getConfigHash(),
        e.getCodeVersion(), result);
  }
}

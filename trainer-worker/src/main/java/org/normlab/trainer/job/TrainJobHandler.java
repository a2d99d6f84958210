package org.normlab.trainer.job;

import java.util.Optional;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.run.RunDispatch;
import org.normlab.contracts.run.RunEvent;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;
import org.normlab.ml.train.TrainingOutcome;
import org.normlab.ml.train.TrainingStoppedException;
import org.normlab.trainer.reporting.RunEventPublisher;
import org.normlab.trainer.reporting.TrainingMetrics;
import org.normlab.trainer.system.WorkerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trains one attempt of a run with its task's job ({@link TaskTrainers}) and reports it: STARTED,
 * PROGRESS, CHECKPOINTED, then COMPLETED; or PAUSED / CANCELLED when asked to stop; or FAILED with
 * the reason. A failure of the run itself
 * (bad data, divergence, a missing dataset) is reported, not retried: it would only fail again.
 */
@Component
class TrainJobHandler {

  private static final Logger log = LoggerFactory.getLogger(TrainJobHandler.class);

  private final DatasetCatalog datasets;
  private final CheckpointStore checkpoints;
  private final TrainingOptions options;
  private final RunEventPublisher publisher;
  private final WorkerIdentity worker;
  private final ActiveRuns active;
  private final TrainingMetrics metrics;

  TrainJobHandler(DatasetCatalog datasets, CheckpointStore checkpoints, TrainingOptions options,
      RunEventPublisher publisher, WorkerIdentity worker, ActiveRuns active, TrainingMetrics metrics) {
    this.datasets = datasets;
    this.checkpoints = checkpoints;
    this.options = options;
    this.publisher = publisher;
    this.worker = worker;
    this.active = active;
    this.metrics = metrics;
  }

  void handle(RunDispatch dispatch) {
    try (RunLogContext context = RunLogContext.of(dispatch.runId(), dispatch.attempt())) {
      train(dispatch);
    }
  }

  private void train(RunDispatch dispatch) {
    Optional<ActiveRuns.ActiveRun> registered = active.start(dispatch.runId(), dispatch.attempt());
    if (registered.isEmpty()) {
      log.warn("Run {} already has an attempt on this worker; attempt {} ignored", dispatch.runId(),
          dispatch.attempt());
      return;
    }
    ActiveRuns.ActiveRun run = registered.get();
    RunEvent.Builder events = RunEvent.forAttempt(dispatch.runId(), dispatch.attempt(), worker.id());
    String prefix = "runs/" + dispatch.runId() + "/attempt-" + dispatch.attempt();
    String outcomeName = "failed";
    metrics.started(dispatch.runId(), dispatch.resumeFrom() == null ? 0 : dispatch.resumeFrom().iteration());
    try {
      requireDataset(dispatch.spec().dataset());
      TrainingOutcome outcome = TaskTrainers.forTask(dispatch.spec().task()).run(dispatch.spec(), datasets,
          checkpoints, prefix, dispatch.resumeFrom(), options, new Reporter(events, run));
      publisher.publish(events.completed(outcome.last(), outcome.finalCheckpoint()));
      outcomeName = "completed";
      log.info("Run {} attempt {} completed at iteration {} (loss {})", dispatch.runId(), dispatch.attempt(),
          outcome.last().iteration(), outcome.last().loss());
    } catch (TrainingStoppedException stopped) {
      if (run.stop.get() == RunControl.Action.PAUSE) {
        publisher.publish(events.paused(stopped.checkpoint()));
        outcomeName = "paused";
      } else {
        publisher.publish(events.cancelled("stopped on request at iteration " + stopped.progress().iteration()));
        outcomeName = "cancelled";
      }
      log.info("Run {} attempt {} stopped ({})", dispatch.runId(), dispatch.attempt(), run.stop.get());
    } catch (RuntimeException e) {
      log.error("Run {} attempt {} failed", dispatch.runId(), dispatch.attempt(), e);
      publisher.publish(events.failed(describe(e)));
    } finally {
      metrics.finished(dispatch.runId(), outcomeName);
      active.finish(run);
    }
  }

  /**
   * The API accepts any dataset an admin registered; the files are this worker's to have. Without
   * them the run fails with a reason that says so, instead of the data loader's error.
   */
  private void requireDataset(String name) {
    if (!datasets.names().contains(name)) {
      throw new DatasetNotOnWorkerException("dataset '" + name + "' is registered on the API but not configured on"
          + " worker " + worker.id() + " (normlab.datasets." + name + ".location); this worker has: "
          + String.join(", ", datasets.names()) + ". Add it to every trainer's configuration"
          + " (docs/operator-guide.md, Datasets) and resubmit the run");
    }
  }

  /** The run names a dataset this worker has no files for. */
  static final class DatasetNotOnWorkerException extends RuntimeException {
    DatasetNotOnWorkerException(String message) {
      super(message);
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof DatasetNotOnWorkerException) {
      return e.getMessage();
    }
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Forwards the training loop's callbacks as events of this attempt, and its stop requests back. */
  private final class Reporter implements TrainingListener {
    private final RunEvent.Builder events;
    private final ActiveRuns.ActiveRun run;

    Reporter(RunEvent.Builder events, ActiveRuns.ActiveRun run) {
      this.events = events;
      this.run = run;
    }

    @Override
    public void onStarted(long totalIterations, String device, int replicas) {
      log.info("Training on {} ({} replicas) for {} iterations", device, replicas, totalIterations);
      publisher.publish(events.started(new Progress(0, 0, totalIterations, 0, 0, 0), replicas));
    }

    @Override
    public void onProgress(Progress progress) {
      run.iteration.set(progress.iteration());
      metrics.progressed(run.runId, progress);
      publisher.publish(events.progress(progress));
    }

    @Override
    public void onCheckpoint(CheckpointRef checkpoint) {
      publisher.publish(events.checkpointed(checkpoint));
    }

    @Override
    public boolean stopRequested() {
      return run.stop.get() != null;
    }
  }
}

package org.normlab.ml.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.WarmStart;
import org.normlab.ml.Seeds;
import org.normlab.ml.checkpoint.CheckpointContent;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.TrainingCounters;
import org.normlab.ml.data.BatchAssembler.Batch;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.SamplerPosition;
import org.normlab.ml.data.TrainingBatches;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Torch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iteration loop of one training job, over one or more data-parallel replicas ({@link
 * DataParallel}). Everything an iteration allocates lives in a sub-manager closed at the end of
 * the iteration, so native memory stays flat (djl-notes 8).
 */
final class TrainingLoop {

  private static final Logger log = LoggerFactory.getLogger(TrainingLoop.class);

  private final ExperimentSpec spec;
  private final TrainingPlan plan;
  private final DataParallel replicas;
  private final Network network;
  private final EpochSampler sampler;
  private final TrainingBatches batches;
  private final CheckpointStore store;
  private final CheckpointRetention retention;
  private final TrainingOptions options;
  private final TrainingListener listener;
  private final LearningRateSchedule schedule;
  private final Sgd sgd;
  private final EpochLosses losses = new EpochLosses();
  /** Images the run's earlier attempts skipped up to the checkpoint this one resumed from. */
  private long skippedBefore;

  TrainingLoop(
      ExperimentSpec spec,
      TrainingPlan plan,
      DataParallel replicas,
      EpochSampler sampler,
      TrainingBatches batches,
      CheckpointStore store,
      CheckpointRetention retention,
      TrainingOptions options,
      TrainingListener listener) {
    this.spec = spec;
    this.plan = plan;
    this.replicas = replicas;
    this.network = replicas.primary();
    this.sampler = sampler;
    this.batches = batches;
    this.store = store;
    this.retention = retention;
    this.options = options;
    this.listener = listener;
    this.schedule = new LearningRateSchedule(spec.optimizer(), plan);
    // One optimizer and one state, for the primary replica; the others receive its result.
    this.sgd = new Sgd(spec.optimizer(), network.trainable(), network.manager());
  }

  TrainingOutcome run(CheckpointRef resumeFrom) {
    // Grad mode is thread-local and may be on in a fresh worker thread; only Autograd turns it on.
    Torch.setGradMode(false);
    long start = 0;
    double restoredLoss = Double.NaN;
    if (resumeFrom != null) {
      TrainingCounters counters = restore(resumeFrom);
      start = counters.iteration();
      restoredLoss = counters.lastLoss();
      log.info("{}: resuming from {} at iteration {}", spec.name(), resumeFrom.uri(), start);
    } else if (spec.initializeFrom() != null) {
      warmStart(spec.initializeFrom());
    }
    long total = plan.totalIterations();
    listener.onStarted(total, replicas.describe(), replicas.size());
    if (start == total) {
      Progress done =
          new Progress(
              plan.epochAfter(total), total, total, restoredLoss, schedule.at(total - 1), 0);
      return new TrainingOutcome(done, resumeFrom);
    }
    ProgressMeter meter = new ProgressMeter();
    Progress lastProgress = null;
    CheckpointRef lastCheckpoint = null;
    for (long iteration = start; iteration < total; iteration++) {
      double lr = schedule.at(iteration);
      double loss = step(iteration, lr);
      long done = iteration + 1;
      if (!Double.isFinite(loss)) {
        throw new TrainingDivergedException(done, loss);
      }
      meter.record(loss, sampler.batchSize());
      losses.record(loss);
      if (plan.endsEpoch(done)) {
        losses.closeEpoch();
      }
      if (done % options.progressEveryIterations() == 0 || done == total) {
        lastProgress = meter.report(plan.epochAfter(done), done, total, lr, skippedImages());
        listener.onProgress(lastProgress);
      }
      boolean checkpointed = false;
      if (done % options.checkpointEveryIterations() == 0
          || plan.endsEpoch(done)
          || done == total) {
        lastCheckpoint = checkpoint(done, loss);
        checkpointed = true;
      }
      if (done < total && listener.stopRequested()) {
        if (!checkpointed) {
          lastCheckpoint = checkpoint(done, loss);
        }
        log.info("{}: stopped on request at iteration {}", spec.name(), done);
        throw new TrainingStoppedException(
            meter.peek(plan.epochAfter(done), done, total, lr, skippedImages()),
            lastCheckpoint);
      }
    }
    return new TrainingOutcome(lastProgress, lastCheckpoint);
  }

  /** The run's skipped images so far, all attempts; null for datasets held in memory. */
  private Long skippedImages() {
    Long thisAttempt = batches.skippedImages();
    return thisAttempt == null ? null : skippedBefore + thisAttempt;
  }

  /** One SGD step on the batch of {@code iteration}, split across the replicas; returns its loss. */
  private double step(long iteration, double lr) {
    try (NDManager scope = network.manager().newSubManager()) {
      Batch batch = batches.next(scope, iteration);
      // Dropout masks come from (seed, iteration), so a resumed run draws the same ones.
      double value = replicas.forwardBackward(batch.images(), batch.labels(),
          Seeds.derive(spec.seed(), "dropout", iteration), spec.training().labelSmoothing());
      sgd.step(lr, scope);
      replicas.shareUpdate();
      return value;
    }
  }

  private CheckpointRef checkpoint(long done, double loss) {
    TrainingCounters counters =
        new TrainingCounters(
            plan.epochAfter(done),
            done,
            sampler.positionOf(done),
            spec.batchSize(),
            spec.seed(),
            loss,
            losses.snapshot(),
            skippedImages() == null ? 0 : skippedImages());
    String uri = retention.uriFor(done);
    CheckpointRef ref;
    try (NDManager scratch = network.manager().newSubManager()) {
      ref =
          store.write(
              uri,
              counters.epoch(),
              done,
              out ->
                  CheckpointFormat.write(
                      out, network.stateArrays(), sgd.buffers(), counters, scratch));
    }
    retention.prune(uri, bestCheckpointUri());
    listener.onCheckpoint(ref);
    return ref;
  }

  /**
   * Where the end of the epoch with the lowest mean training loss was checkpointed: retention keeps
   * it beside the newest K. (The trainer has no validation score; the eval-worker scores what is kept.)
   */
  private String bestCheckpointUri() {
    int best = losses.snapshot().bestEpoch();
    return best == 0 ? null : retention.uriFor(Math.min((long) best * plan.iterationsPerEpoch(),
        plan.totalIterations()));
  }

  private TrainingCounters restore(CheckpointRef ref) {
    try (InputStream in = store.open(ref);
        NDManager scratch = network.manager().newSubManager()) {
      CheckpointContent content = CheckpointFormat.read(in, scratch);
      TrainingCounters counters = content.counters();
      checkBelongs(ref, counters);
      losses.restore(counters.losses());
      skippedBefore = counters.skippedImages();
      network.loadState(content.model());
      sgd.loadBuffers(content.momentum());
      replicas.copyPrimaryToAll();
      return counters;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + ref.uri(), e);
    }
  }

  /**
   * Loads another run's weights and norm state (and its momentum buffers if asked) before this
   * run's iteration 0; this run's own counters, schedule and data order apply from there.
   */
  private void warmStart(WarmStart from) {
    CheckpointRef ref = from.checkpoint();
    try (InputStream in = store.open(ref);
        NDManager scratch = network.manager().newSubManager()) {
      CheckpointContent content = CheckpointFormat.read(in, scratch);
      try {
        network.loadState(content.model());
        replicas.copyPrimaryToAll();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Run " + from.sourceRunId() + "'s checkpoint " + ref.uri()
                + " does not fit this network (backbone, norm, width and classes must match): "
                + e.getMessage(), e);
      }
      if (from.keepOptimizerState()) {
        sgd.loadBuffers(content.momentum());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + ref.uri(), e);
    }
    log.info(
        "{}: starting from run {}'s checkpoint {} (epoch {}), optimizer state {}",
        spec.name(), from.sourceRunId(), ref.uri(), ref.epoch(),
        from.keepOptimizerState() ? "kept" : "reset");
  }

  private void checkBelongs(CheckpointRef ref, TrainingCounters counters) {
    if (counters.batchSize() != spec.batchSize() || counters.seed() != spec.seed()) {
      throw new IllegalArgumentException(
          "Checkpoint "
              + ref.uri()
              + " was written with batch size "
              + counters.batchSize()
              + " and seed "
              + counters.seed()
              + "; this spec has "
              + spec.batchSize()
              + " and "
              + spec.seed());
    }
    if (counters.iteration() > plan.totalIterations()) {
      throw new IllegalArgumentException(
          "Checkpoint "
              + ref.uri()
              + " is at iteration "
              + counters.iteration()
              + ", past this run's "
              + plan.totalIterations());
    }
    SamplerPosition expected = sampler.positionOf(counters.iteration());
    if (!expected.equals(counters.sampler())) {
      throw new IllegalArgumentException(
          "Checkpoint "
              + ref.uri()
              + " stands at "
              + counters.sampler()
              + " but iteration "
              + counters.iteration()
              + " of this dataset and batch size starts at "
              + expected
              + "; the train split has changed");
    }
  }
}

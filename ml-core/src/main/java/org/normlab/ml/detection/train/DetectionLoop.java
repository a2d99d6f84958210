package org.normlab.ml.detection.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.WarmStart;
import org.normlab.ml.Seeds;
import org.normlab.ml.checkpoint.CheckpointContent;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.TrainingCounters;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.SamplerPosition;
import org.normlab.ml.detection.model.DetectionLosses;
import org.normlab.ml.detection.model.MaskRcnn;
import org.normlab.ml.detection.train.DetectionBatches.StepInput;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.train.CheckpointRetention;
import org.normlab.ml.train.EpochLosses;
import org.normlab.ml.train.LearningRateSchedule;
import org.normlab.ml.train.Sgd;
import org.normlab.ml.train.TrainingDivergedException;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;
import org.normlab.ml.train.TrainingOutcome;
import org.normlab.ml.train.TrainingPlan;
import org.normlab.ml.train.TrainingStoppedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The iteration loop of one detection job: the classification loop's contract (events,
 * checkpoints, stop requests, exact resume) around a Mask R-CNN step. Everything a step allocates
 * lives in a sub-manager closed at its end.
 */
final class DetectionLoop {

  private static final Logger log = LoggerFactory.getLogger(DetectionLoop.class);

  private final ExperimentSpec spec;
  private final TrainingPlan plan;
  private final MaskRcnn model;
  private final EpochSampler sampler;
  private final DetectionBatches batches;
  private final CheckpointStore store;
  private final CheckpointRetention retention;
  private final TrainingOptions options;
  private final TrainingListener listener;
  private final LearningRateSchedule schedule;
  private final Sgd sgd;
  private final EpochLosses losses = new EpochLosses();

  DetectionLoop(
      ExperimentSpec spec,
      TrainingPlan plan,
      MaskRcnn model,
      EpochSampler sampler,
      DetectionBatches batches,
      CheckpointStore store,
      CheckpointRetention retention,
      TrainingOptions options,
      TrainingListener listener) {
    this.spec = spec;
    this.plan = plan;
    this.model = model;
    this.sampler = sampler;
    this.batches = batches;
    this.store = store;
    this.retention = retention;
    this.options = options;
    this.listener = listener;
    this.schedule = new LearningRateSchedule(spec.optimizer(), plan);
    this.sgd =
        new Sgd(
            spec.optimizer(),
            model.trainable(),
            model.manager(),
            DetectionParameterGroups.of(spec.optimizer()));
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
    listener.onStarted(total, DjlRuntime.describe(model.manager().getDevice()), 1);
    if (start == total) {
      Progress done =
          new Progress(plan.epochAfter(total), total, total, restoredLoss, schedule.at(total - 1), 0);
      return new TrainingOutcome(done, resumeFrom);
    }
    LossMeter meter = new LossMeter();
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
        lastProgress = meter.report(plan.epochAfter(done), done, total, lr);
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
            meter.peek(plan.epochAfter(done), done, total, lr), lastCheckpoint);
      }
    }
    return new TrainingOutcome(lastProgress, lastCheckpoint);
  }

  /** One SGD step on the batch of {@code iteration}; returns the summed loss. */
  private double step(long iteration, double lr) {
    try (NDManager scope = model.manager().newSubManager()) {
      StepInput input = batches.at(scope, iteration);
      // Anchor and RoI sampling draw from (seed, iteration), so a resumed run draws the same.
      long stepSeed = Seeds.derive(spec.seed(), "detection-step", iteration);
      double value;
      try (Autograd tape = Autograd.record()) {
        DetectionLosses named = model.trainForward(input.images(), input.targets(), stepSeed);
        NDArray total = named.total();
        model.backward(total);
        value = total.getFloat();
      }
      sgd.step(lr, scope);
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
            losses.snapshot());
    String uri = retention.uriFor(done);
    CheckpointRef ref;
    try (NDManager scratch = model.manager().newSubManager()) {
      ref =
          store.write(
              uri,
              counters.epoch(),
              done,
              out -> CheckpointFormat.write(out, stateArrays(), sgd.buffers(), counters, scratch));
    }
    retention.prune(uri, bestCheckpointUri());
    listener.onCheckpoint(ref);
    return ref;
  }

  /** The end of the epoch with the lowest mean loss, kept beside the newest K. */
  private String bestCheckpointUri() {
    int best = losses.snapshot().bestEpoch();
    return best == 0
        ? null
        : retention.uriFor(
            Math.min((long) best * plan.iterationsPerEpoch(), plan.totalIterations()));
  }

  private Map<String, NDArray> stateArrays() {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    model.state().forEach((key, parameter) -> arrays.put(key, parameter.getArray()));
    return arrays;
  }

  private TrainingCounters restore(CheckpointRef ref) {
    try (InputStream in = store.open(ref);
        NDManager scratch = model.manager().newSubManager()) {
      CheckpointContent content = CheckpointFormat.read(in, scratch);
      TrainingCounters counters = content.counters();
      checkBelongs(ref, counters);
      losses.restore(counters.losses());
      loadState(content.model());
      sgd.loadBuffers(content.momentum());
      return counters;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + ref.uri(), e);
    }
  }

  /**
   * Loads another detection run's weights and norm state (and its momentum if asked) before this
   * run's iteration 0; this run's own counters, schedule and data order apply from there.
   */
  private void warmStart(WarmStart from) {
    CheckpointRef ref = from.checkpoint();
    try (InputStream in = store.open(ref);
        NDManager scratch = model.manager().newSubManager()) {
      CheckpointContent content = CheckpointFormat.read(in, scratch);
      try {
        loadState(content.model());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "Run " + from.sourceRunId() + "'s checkpoint " + ref.uri()
                + " does not fit this detector (backbone, norm, width and categories must match): "
                + e.getMessage(), e);
      }
      if (from.keepOptimizerState()) {
        sgd.loadBuffers(content.momentum());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + ref.uri(), e);
    }
    log.info("{}: starting from run {}'s checkpoint {}", spec.name(), from.sourceRunId(), ref.uri());
  }

  /** Copies {@code values} into the model in place, so parameters stay autograd leaves. */
  private void loadState(Map<String, NDArray> values) {
    if (!values.keySet().equals(model.state().keySet())) {
      Set<String> missing = new TreeSet<>(model.state().keySet());
      missing.removeAll(values.keySet());
      Set<String> unexpected = new TreeSet<>(values.keySet());
      unexpected.removeAll(model.state().keySet());
      throw new IllegalArgumentException(
          "Checkpoint does not match the detector: missing " + missing + ", unexpected " + unexpected);
    }
    Autograd.withoutGrad(
        () ->
            model
                .state()
                .forEach(
                    (key, parameter) -> {
                      try {
                        WeightInit.copyInto(parameter.getArray(), values.get(key));
                      } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                      }
                    }));
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

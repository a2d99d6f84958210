package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RecipeSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.contracts.run.ValidationTransform;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.image.TestImageSets;
import org.normlab.ml.eval.EvaluationJob;

/**
 * Real DJL training from streamed JPEGs: generated 4-class sets (24 train JPEGs per class plus a
 * truncated and a garbage file, 8 val JPEGs per class) in ImageNet folder layout and as RecordIO,
 * decoded and augmented at 32 x 32 by the recipes' pipelines. Chance is 75% top-1 error.
 */
class StreamedTrainingTest {

  @TempDir static Path data;
  @TempDir Path checkpoints;

  private static DatasetCatalog catalog;

  @BeforeAll
  static void writeDatasets() {
    catalog =
        DatasetCatalog.of(
            List.of(
                TestImageSets.imageFolder(data.resolve("folder"), "colours-folder", 24, 8, 32),
                TestImageSets.recordIo(data.resolve("rec"), "colours-rec", 24, 8, 32)));
  }

  @Test
  void learnsFromAnImageFolderWithIbnNetAugmentationAndReportsSkippedImages() {
    ExperimentSpec spec =
        spec("colours-folder", new RecipeSpec("ibn-net-small", 0, 0, Augmentation.IBN_NET, ValidationTransform.IBN_NET), 6);

    trainsAndBeatsChance(spec);
  }

  @Test
  void learnsFromRecordIoWithMabnAugmentation() {
    ExperimentSpec spec =
        spec("colours-rec", new RecipeSpec("mabn-small", 0, 0, Augmentation.MABN, ValidationTransform.MABN), 6);

    trainsAndBeatsChance(spec);
  }

  /**
   * Batches are a function of (seed, iteration), so a run stopped at iteration 5 and resumed (with
   * another decoder thread count) sees the same augmented batches and reproduces every loss.
   */
  @Test
  void aResumedStreamedRunRepeatsTheUninterruptedLossesWhateverTheThreadCount() {
    ExperimentSpec spec =
        spec("colours-folder", new RecipeSpec("ibn-net-small", 0, 0, Augmentation.IBN_NET, ValidationTransform.IBN_NET), 2);
    CheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    RecordingListener whole = new RecordingListener();
    TrainingJob.run(spec, catalog, store, "runs/whole", null, new TrainingOptions(1, 1000, 1, 1, 2), whole);

    RecordingListener first = new RecordingListener(5);
    CheckpointRefHolder stop = new CheckpointRefHolder();
    try {
      TrainingJob.run(spec, catalog, store, "runs/split/attempt-1", null, new TrainingOptions(1, 1000, 1, 3, 4), first);
    } catch (TrainingStoppedException e) {
      stop.ref = e.checkpoint();
    }
    RecordingListener second = new RecordingListener();
    TrainingJob.run(spec, catalog, store, "runs/split/attempt-2", stop.ref, new TrainingOptions(1, 1000, 1, 2, 1), second);

    assertThat(first.losses()).hasSize(5);
    assertThat(first.losses()).isEqualTo(whole.losses().subList(0, 5));
    assertThat(second.losses()).isEqualTo(whole.losses().subList(5, whole.losses().size()));
    // The resumed attempt reports the run's skipped images, not only its own.
    assertThat(first.progress.get(4).skippedImages()).isEqualTo(whole.progress.get(4).skippedImages());
    assertThat(second.progress).extracting(Progress::skippedImages)
        .isEqualTo(whole.progress.subList(5, whole.progress.size()).stream().map(Progress::skippedImages).toList());
    assertThat(whole.progress.get(4).skippedImages()).as("skipped before the stop: else this proves nothing")
        .isGreaterThan(0);
  }

  /**
   * IBN-Net.mxnet's scale/aspect warp, HSL jitter and mirror, RGB 0-255 into the network. These
   * classes are told apart by colour and the jitter turns hues by up to 72 degrees, so the bar is
   * beating chance (75%) clearly, not the 40% of the other recipes (this run: 50%).
   */
  @Test
  void learnsFromRecordIoWithMxnetAugmentation() {
    ExperimentSpec spec =
        spec("colours-rec", new RecipeSpec("mxnet-ibn", 0, 0, Augmentation.MXNET, ValidationTransform.MXNET), 6);

    trainsAndBeatsChance(spec, 65.0);
  }

  private void trainsAndBeatsChance(ExperimentSpec spec) {
    trainsAndBeatsChance(spec, 40.0);
  }

  private void trainsAndBeatsChance(ExperimentSpec spec, double maxTop1Error) {
    CheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    RecordingListener listener = new RecordingListener();

    TrainingOutcome outcome =
        TrainingJob.run(spec, catalog, store, "runs/" + spec.dataset(), null, new TrainingOptions(6, 1000, 1, 2, 4),
            listener);

    // 98 train samples in batches of 16: 6 iterations per epoch.
    assertThat(listener.totalIterations).isEqualTo(36);
    List<Progress> progress = listener.progress;
    System.out.printf("%s: losses %s, skipped %s%n", spec.dataset(), listener.losses(),
        progress.stream().map(Progress::skippedImages).toList());
    assertThat(progress.get(progress.size() - 1).loss()).isLessThan(progress.get(0).loss() * 0.7);
    // Both corrupt files are met every epoch (more if a substitute is corrupt too); the count grows.
    assertThat(progress.get(0).skippedImages()).isGreaterThanOrEqualTo(TestImageSets.CORRUPT_IN_TRAIN);
    assertThat(progress.get(progress.size() - 1).skippedImages())
        .isGreaterThanOrEqualTo(6L * TestImageSets.CORRUPT_IN_TRAIN);
    assertThat(progress).extracting(Progress::skippedImages).isSorted();

    ClassificationMetrics metrics =
        EvaluationJob.evaluate(spec, outcome.finalCheckpoint(), "test", catalog, store);
    System.out.printf("%s: val top-1 error %.1f%% over %d images%n", spec.dataset(), metrics.top1Error(),
        metrics.samples());
    assertThat(metrics.samples()).isEqualTo(32);
    assertThat(metrics.top1Error()).isLessThan(maxTop1Error);
  }

  private static ExperimentSpec spec(String dataset, RecipeSpec recipe, int epochs) {
    OptimizerSpec optimizer = new OptimizerSpec(0.02, 0.9, 1e-4, false, ScheduleSpec.constant());
    return TrainingJobTest.withRecipe(
        TrainingJobTest.spec(dataset, "bn", 8, 16, 16, epochs, optimizer, 7), recipe);
  }

  private static final class CheckpointRefHolder {
    org.normlab.contracts.run.CheckpointRef ref;
  }
}

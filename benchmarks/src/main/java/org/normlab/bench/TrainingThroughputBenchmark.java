package org.normlab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.train.TrainingJob;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;

/**
 * Training images/s of the demo model (ResNet-10, width 16, Fashion-MNIST, batch 64) with each
 * norm, through the same TrainingJob the trainer runs, as ratios to BN measured in the same run.
 */
final class TrainingThroughputBenchmark implements Benchmark {

  static final int ITERATIONS = 120;
  static final int REPORT_EVERY = 20;
  static final List<String> NORMS = List.of("bn", "gn:8", "in", "ln");

  @Override
  public String name() {
    return "fmnist-training";
  }

  @Override
  public String description() {
    return "train images/s of resnet10 (width 16, batch 64) on Fashion-MNIST per norm, ratio to bn";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("iterations", ITERATIONS);
    double bn = 0;
    for (String norm : NORMS) {
      double imagesPerSecond = measure(norm);
      if (norm.equals("bn")) {
        bn = imagesPerSecond;
      }
      figures.put(norm + ".imagesPerSecond", CheckpointStoreBenchmark.round(imagesPerSecond));
      figures.put(norm + ".ratioToBn", CheckpointStoreBenchmark.round(imagesPerSecond / bn));
    }
    return figures;
  }

  /** Median of the progress windows after the first (which includes warm-up). */
  private static double measure(String norm) throws Exception {
    Path root = Files.createTempDirectory("normlab-bench-train");
    var spec = new ExperimentSpec("bench-" + norm, Task.CLASSIFICATION, "fashion-mnist", "resnet10", norm, 16, 32,
        64, null, ITERATIONS, new OptimizerSpec(0.05, 0.9, 1e-4, false, ScheduleSpec.constant()), 1, null);
    List<Double> windows = new ArrayList<>();
    TrainingJob.run(spec, DatasetCatalog.defaults(), new DirectoryCheckpointStore(root), "bench",
        null, new TrainingOptions(REPORT_EVERY, ITERATIONS, 1), new TrainingListener() {
          @Override
          public void onStarted(long totalIterations, String device) {}

          @Override
          public void onProgress(Progress progress) {
            windows.add(progress.imagesPerSecond());
          }

          @Override
          public void onCheckpoint(CheckpointRef checkpoint) {}
        });
    List<Double> steady = new ArrayList<>(windows.subList(1, windows.size()));
    steady.sort(Double::compare);
    return steady.get(steady.size() / 2);
  }
}

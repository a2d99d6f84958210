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
 * Step time of data-parallel training on this machine's CPU: the demo model (ResNet-10, width 16,
 * Fashion-MNIST, batch 64) through TrainingJob with 1 and 2 replicas, per-replica {@code bn}
 * (groups of 32: the same normalization at both replica counts) and {@code syncbn} (statistics
 * over all 64). Configurations run in rotation, {@link #ROUNDS} times, so that load from other
 * processes hits each alike; each figure is the median over rounds of a run's median progress
 * window after the first. Ratios are to bn on one replica in the same run.
 */
final class DataParallelBenchmark implements Benchmark {

  static final int ROUNDS = 3;
  static final int ITERATIONS = 30;
  static final int REPORT_EVERY = 10;
  static final int BATCH = 64;

  private record Config(String label, String norm, int normBatch, int replicas) {}

  private static final List<Config> CONFIGS =
      List.of(
          new Config("bn.x1", "bn", 32, 1),
          new Config("bn.x2", "bn", 32, 2),
          new Config("syncbn.x1", "syncbn", BATCH, 1),
          new Config("syncbn.x2", "syncbn", BATCH, 2));

  @Override
  public String name() {
    return "data-parallel";
  }

  @Override
  public String description() {
    return "train step time of resnet10 (width 16, batch 64) with 1 and 2 replicas, bn vs syncbn,"
        + " ratio to bn on one replica";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    Map<String, List<Double>> rates = new LinkedHashMap<>();
    CONFIGS.forEach(config -> rates.put(config.label(), new ArrayList<>()));
    String loadBefore = loadAverage();
    for (int round = 0; round < ROUNDS; round++) {
      for (Config config : CONFIGS) {
        rates.get(config.label()).add(measure(config));
      }
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("batch", BATCH);
    figures.put("rounds", ROUNDS);
    figures.put("iterationsPerRun", ITERATIONS);
    figures.put("cores", Runtime.getRuntime().availableProcessors());
    // Other processes on these cores swing step times by 30x (measured); show the spread.
    figures.put("loadAverageBefore", loadBefore);
    figures.put("loadAverageAfter", loadAverage());
    double baseline = stepMillis(median(rates.get("bn.x1")));
    for (Config config : CONFIGS) {
      double millis = stepMillis(median(rates.get(config.label())));
      figures.put(config.label() + ".stepMs", CheckpointStoreBenchmark.round(millis));
      figures.put(config.label() + ".ratioToBnX1", CheckpointStoreBenchmark.round(millis / baseline));
      figures.put(
          config.label() + ".stepMsPerRound",
          rates.get(config.label()).stream()
              .map(rate -> CheckpointStoreBenchmark.round(stepMillis(rate)))
              .toList());
    }
    figures.put(
        "syncbnOverBn.x2",
        CheckpointStoreBenchmark.round(
            median(rates.get("bn.x2")) / median(rates.get("syncbn.x2"))));
    return figures;
  }

  /** The 1, 5 and 15 minute load averages, or "unknown" off Linux. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static double stepMillis(double imagesPerSecond) {
    return 1000.0 * BATCH / imagesPerSecond;
  }

  /** Images/s of one run: the median progress window after the first (which holds warm-up). */
  private static double measure(Config config) throws Exception {
    Path root = Files.createTempDirectory("normlab-bench-dp");
    var spec =
        new ExperimentSpec(
            "bench-dp-" + config.label(),
            Task.CLASSIFICATION,
            "fashion-mnist",
            "resnet10",
            config.norm(),
            16,
            config.normBatch(),
            BATCH,
            null,
            ITERATIONS,
            new OptimizerSpec(0.05, 0.9, 1e-4, false, ScheduleSpec.constant()),
            1,
            null,
            null,
            config.replicas(),
            null);
    List<Double> windows = new ArrayList<>();
    // Every configuration trains on a fresh thread, as replicas do: on this loaded machine the
    // JVM's main thread ran the same steps 15-25x slower than executor threads (first run).
    Thread runner =
        new Thread(
            () ->
                TrainingJob.run(
                    spec,
                    DatasetCatalog.defaults(),
                    new DirectoryCheckpointStore(root),
                    "bench",
                    null,
                    new TrainingOptions(REPORT_EVERY, ITERATIONS, 1),
                    new TrainingListener() {
                      @Override
                      public void onStarted(long totalIterations, String device, int replicas) {}

                      @Override
                      public void onProgress(Progress progress) {
                        windows.add(progress.imagesPerSecond());
                      }

                      @Override
                      public void onCheckpoint(CheckpointRef checkpoint) {}
                    }),
            "bench-" + config.label());
    runner.start();
    runner.join();
    return median(windows.subList(1, windows.size()));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}

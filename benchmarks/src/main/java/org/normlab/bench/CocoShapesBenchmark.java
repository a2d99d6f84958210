package org.normlab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RecipeSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.contracts.run.ValidationTransform;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.detection.coco.CocoShapes;
import org.normlab.ml.detection.train.DetectionJob;
import org.normlab.ml.eval.DetectionEvaluation;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;

/**
 * The {@code coco-shapes} suite's rows measured directly in ml-core: each norm trained with the
 * {@code coco-shapes-cpu} recipe's settings (resnet10 width 8, batch 2 normalized together, 300
 * iterations of SGD 0.02 after a 50-iteration warmup from 1/3, seed {@value #SEED}) on the local
 * stack's {@code coco-shapes} set, then scored on its 16 val images: COCO box and mask AP, and the
 * wall time of each. The suite's reference table ({@code normlab-coco-shapes}) holds these numbers.
 */
final class CocoShapesBenchmark implements Benchmark {

  static final List<String> NORMS = List.of("bn", "gn:4", "mabn");
  static final long SEED = 2026;
  static final int ITERATIONS = 300;

  @Override
  public String name() {
    return "coco-shapes";
  }

  @Override
  public String description() {
    return "Mask R-CNN resnet10 width 8 on coco-shapes, coco-shapes-cpu recipe, per norm: box/mask AP on val";
  }

  @Override
  public Map<String, Object> run() throws Exception {
    Path work = Files.createTempDirectory("bench-coco-shapes");
    Path data = work.resolve(CocoShapes.NAME);
    CocoShapes.ensure(data);
    DatasetCatalog catalog = DatasetCatalog.of(List.of(new DatasetDefinition(CocoShapes.NAME,
        DatasetFormat.COCO_JSON, data, CocoShapes.CATEGORIES, 3, CocoShapes.MIN_SIZE, CocoShapes.MAX_SIZE)));
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(work.resolve("checkpoints"));
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("iterations", ITERATIONS);
    for (String norm : NORMS) {
      ExperimentSpec spec = spec(norm);
      long started = System.nanoTime();
      CheckpointRef last = DetectionJob.run(spec, catalog, store, "runs/" + norm.replace(':', '-') + "/attempt-1",
          null, new TrainingOptions(50, 1000, 1), QUIET).finalCheckpoint();
      double trainSeconds = (System.nanoTime() - started) / 1e9;
      DetectionMetrics metrics = DetectionEvaluation.evaluate(spec, last, "test", catalog, store);
      figures.put(norm + ".trainSeconds", NetworkTimer.round(trainSeconds));
      figures.put(norm + ".boxAp", metrics.bbox().ap());
      figures.put(norm + ".boxAp50", metrics.bbox().ap50());
      figures.put(norm + ".maskAp", metrics.segm().ap());
      figures.put(norm + ".maskAp50", metrics.segm().ap50());
    }
    return figures;
  }

  /** The spec the API resolves from the coco-shapes suite's row for {@code norm}. */
  static ExperimentSpec spec(String norm) {
    return new ExperimentSpec("bench coco-shapes " + norm, Task.DETECTION, CocoShapes.NAME, "resnet10", norm, 8, 2,
        2, null, ITERATIONS, new OptimizerSpec(0.02, 0.9, 1e-4, false,
            new ScheduleSpec(ScheduleSpec.ScheduleType.CONSTANT, List.of(), 0.1, 50, 1.0 / 3)),
        SEED, new RecipeSpec("coco-shapes-cpu", 0, 0, Augmentation.NONE, ValidationTransform.NONE));
  }

  private static final TrainingListener QUIET = new TrainingListener() {
    @Override
    public void onStarted(long totalIterations, String device, int replicas) {}

    @Override
    public void onProgress(Progress progress) {}

    @Override
    public void onCheckpoint(CheckpointRef checkpoint) {}
  };
}

package org.normlab.ml.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.normlab.contracts.eval.CocoSummary;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.data.DatasetNotFoundException;
import org.normlab.ml.data.Split;
import org.normlab.ml.data.transform.RgbImage;
import org.normlab.ml.detection.coco.CocoDetectionData;
import org.normlab.ml.detection.coco.CocoEvaluator;
import org.normlab.ml.detection.coco.Detection;
import org.normlab.ml.detection.coco.DetectionSample;
import org.normlab.ml.detection.coco.IouType;
import org.normlab.ml.detection.coco.PaddedBatch;
import org.normlab.ml.detection.coco.ResizeToRange;
import org.normlab.ml.detection.model.Detections;
import org.normlab.ml.detection.model.ImageBatch;
import org.normlab.ml.detection.model.ImageSize;
import org.normlab.ml.detection.model.MaskRcnn;
import org.normlab.ml.detection.model.MaskRcnnConfig;
import org.normlab.ml.detection.train.DetectionSetup;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.WeightInit;

/**
 * COCO box and mask AP of a Mask R-CNN on a COCO-format split: every image resized and converted to
 * the detector's input as training does ({@link DetectionSetup}), detected, its detections turned into COCO results in the original image's coordinates ({@link
 * CocoResults}), and both result lists scored against the split's ground truth (crowds included)
 * by {@link CocoEvaluator}, which computes what pycocotools' COCOeval does.
 */
public final class DetectionEvaluation {

  private DetectionEvaluation() {}

  /**
   * The eval worker's entry for a {@code detection} spec: builds the spec's detector ({@link
   * DetectionSetup#config}, the same as training), restores the checkpoint (verified by the store)
   * and scores every image of {@code split} ({@code test} reads COCO's {@code val}) in batches of
   * the spec's batch size.
   *
   * @throws DatasetNotFoundException when the split's annotation file or image directory is missing
   * @throws IllegalArgumentException for a spec that is not a detection spec, a dataset that is not
   *     COCO-format, or a checkpoint of another detector
   */
  public static DetectionMetrics evaluate(ExperimentSpec spec, CheckpointRef checkpoint, String split,
      DatasetCatalog datasets, CheckpointStore store) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(checkpoint, "checkpoint");
    if (spec.task() != Task.DETECTION) {
      throw new IllegalArgumentException("DetectionEvaluation scores task DETECTION, got " + spec.task());
    }
    DatasetDefinition definition = datasets.get(spec.dataset());
    MaskRcnnConfig config = DetectionSetup.config(spec, definition);
    CocoDetectionData data = open(definition, Split.parse(split));
    try (MaskRcnn model = MaskRcnn.create(config, DetectionSetup.norms(spec), spec.seed())) {
      try (InputStream in = store.open(checkpoint)) {
        restore(model, in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read checkpoint " + checkpoint.uri(), e);
      }
      return score(model, data, DetectionSetup.resize(definition),
          image -> DetectionSetup.input(image, definition), spec.batchSize());
    }
  }

  /** Every image of the split, those without objects included (they can hold false positives). */
  private static CocoDetectionData open(DatasetDefinition definition, Split split) {
    for (String file : definition.format().files(split)) {
      Path path = definition.location().resolve(file);
      if (!Files.exists(path)) {
        throw new DatasetNotFoundException(definition, path);
      }
    }
    return CocoDetectionData.open(definition.location(), DatasetFormat.cocoSplit(split), false);
  }

  /**
   * Loads the model part of one of our training checkpoints ({@link CheckpointFormat}) into {@code
   * model}: every state key of the model (backbone, FPN, RPN, heads, running statistics) must be
   * there with its shape, and nothing else.
   *
   * @throws IllegalArgumentException naming missing and unexpected keys, or the key whose shape
   *     differs
   */
  public static void restore(MaskRcnn model, InputStream verified) {
    try (NDManager scratch = model.manager().newSubManager()) {
      load(model, CheckpointFormat.read(verified, scratch).model());
    }
  }

  /** Copies {@code values} into the model's parameters and buffers, by state key. */
  static void load(MaskRcnn model, Map<String, NDArray> values) {
    Map<String, Parameter> state = model.state();
    if (!values.keySet().equals(state.keySet())) {
      Set<String> missing = new TreeSet<>(state.keySet());
      missing.removeAll(values.keySet());
      Set<String> unexpected = new TreeSet<>(values.keySet());
      unexpected.removeAll(state.keySet());
      throw new IllegalArgumentException(
          "Checkpoint does not match the detector: missing " + missing + ", unexpected " + unexpected);
    }
    Autograd.withoutGrad(() -> state.forEach((key, parameter) -> {
      try {
        WeightInit.copyInto(parameter.getArray(), values.get(key));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
      }
    }));
  }

  /**
   * Detects every image of {@code data} in batches of {@code batchSize} and scores the detections.
   * The model should be in inference state (restored); {@code detect} runs without autograd.
   */
  public static DetectionMetrics score(MaskRcnn model, CocoDetectionData data, ResizeToRange resize,
      Function<RgbImage, float[]> input, int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException("the split has no images to evaluate");
    }
    List<Detection> boxes = new ArrayList<>();
    List<Detection> masks = new ArrayList<>();
    long started = System.nanoTime();
    for (int from = 0; from < data.size(); from += batchSize) {
      int count = Math.min(batchSize, data.size() - from);
      List<DetectionSample> originals = new ArrayList<>();
      List<float[]> chw = new ArrayList<>();
      int[] heights = new int[count];
      int[] widths = new int[count];
      for (int i = 0; i < count; i++) {
        DetectionSample original = data.get(from + i);
        // The resize draws no random number with a single test size.
        DetectionSample resized = resize.apply(original, new SplittableRandom(0));
        originals.add(original);
        chw.add(input.apply(resized.image()));
        heights[i] = resized.image().height();
        widths[i] = resized.image().width();
      }
      PaddedBatch padded = PaddedBatch.pad(chw, 3, heights, widths, DetectionSetup.SIZE_DIVISIBILITY);
      List<Detections> found;
      try (NDManager scope = model.manager().newSubManager()) {
        NDArray images = scope.create(padded.data(), new Shape(count, 3, padded.height(), padded.width()));
        List<ImageSize> sizes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          sizes.add(new ImageSize(heights[i], widths[i]));
        }
        found = model.detect(new ImageBatch(images, sizes));
      }
      for (int i = 0; i < count; i++) {
        DetectionSample original = originals.get(i);
        CocoResults results = CocoResults.of(found.get(i), original.imageId(), heights[i], widths[i],
            original.image().height(), original.image().width(), data::categoryOf);
        boxes.addAll(results.boxes());
        masks.addAll(results.masks());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return metrics(data, boxes, masks, seconds);
  }

  /** Scores COCO results against the split's ground truth, bbox and segm. */
  static DetectionMetrics metrics(CocoDetectionData data, List<Detection> boxes, List<Detection> masks,
      double seconds) {
    CocoSummary bbox = CocoSummary.fromStats(
        CocoEvaluator.evaluate(data.dataset(), boxes, IouType.BBOX).toArray());
    CocoSummary segm = CocoSummary.fromStats(
        CocoEvaluator.evaluate(data.dataset(), masks, IouType.SEGM).toArray());
    return new DetectionMetrics(bbox, segm, data.size(), seconds > 0 ? data.size() / seconds : 0);
  }
}

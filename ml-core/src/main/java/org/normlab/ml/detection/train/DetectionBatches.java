package org.normlab.ml.detection.train;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.normlab.ml.Seeds;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.SamplerPosition;
import org.normlab.ml.detection.coco.Box;
import org.normlab.ml.detection.coco.CocoDetectionData;
import org.normlab.ml.detection.coco.DetectionSample;
import org.normlab.ml.detection.coco.HorizontalFlip;
import org.normlab.ml.detection.coco.PaddedBatch;
import org.normlab.ml.detection.coco.ResizeToRange;
import org.normlab.ml.detection.coco.Rle;
import org.normlab.ml.detection.model.BinaryMask;
import org.normlab.ml.detection.model.ImageBatch;
import org.normlab.ml.detection.model.ImageSize;
import org.normlab.ml.detection.model.ImageTarget;

/**
 * The training batch of an iteration, a pure function of (seed, iteration): the images of the
 * sampler's seeded epoch order, each resized to the dataset's range and flipped with probability
 * 1/2 by a draw seeded by (seed, epoch, image index), converted to the detector's input and padded
 * into one size-divisible array; with each image's boxes, labels and masks at its new size.
 */
final class DetectionBatches {

  /** A step's input: the padded images and one target per image. */
  record StepInput(ImageBatch images, List<ImageTarget> targets) {}

  private final CocoDetectionData data;
  private final DatasetDefinition dataset;
  private final EpochSampler sampler;
  private final long seed;
  private final ResizeToRange resize;
  private final HorizontalFlip flip = new HorizontalFlip(0.5);

  DetectionBatches(CocoDetectionData data, DatasetDefinition dataset, EpochSampler sampler, long seed) {
    this.data = data;
    this.dataset = dataset;
    this.sampler = sampler;
    this.seed = seed;
    this.resize = DetectionSetup.resize(dataset);
  }

  StepInput at(NDManager manager, long iteration) {
    SamplerPosition position = sampler.positionOf(iteration);
    int[] indices = sampler.batchAt(position);
    List<float[]> pixels = new ArrayList<>();
    int[] heights = new int[indices.length];
    int[] widths = new int[indices.length];
    List<ImageTarget> targets = new ArrayList<>();
    for (int i = 0; i < indices.length; i++) {
      DetectionSample sample = transformed(position.epoch(), indices[i]);
      heights[i] = sample.image().height();
      widths[i] = sample.image().width();
      pixels.add(DetectionSetup.input(sample.image(), dataset));
      targets.add(target(sample));
    }
    PaddedBatch padded =
        PaddedBatch.pad(pixels, 3, heights, widths, DetectionSetup.SIZE_DIVISIBILITY);
    List<ImageSize> sizes = new ArrayList<>();
    for (int i = 0; i < indices.length; i++) {
      sizes.add(new ImageSize(heights[i], widths[i]));
    }
    return new StepInput(
        new ImageBatch(
            manager.create(
                padded.data(), new Shape(padded.count(), 3, padded.height(), padded.width())),
            sizes),
        targets);
  }

  /** Image {@code index} as epoch {@code epoch} sees it: resized, then maybe flipped. */
  DetectionSample transformed(int epoch, int index) {
    SplittableRandom random =
        new SplittableRandom(Seeds.derive(Seeds.derive(seed, "detection-flip", epoch), "image", index));
    return flip.apply(resize.apply(data.get(index), random), random);
  }

  static ImageTarget target(DetectionSample sample) {
    int n = sample.labels().length;
    float[] boxes = new float[4 * n];
    for (int i = 0; i < n; i++) {
      Box box = sample.boxes().get(i);
      boxes[4 * i] = (float) box.x();
      boxes[4 * i + 1] = (float) box.y();
      boxes[4 * i + 2] = (float) box.x2();
      boxes[4 * i + 3] = (float) box.y2();
    }
    List<BinaryMask> masks = new ArrayList<>();
    int h = sample.image().height();
    int w = sample.image().width();
    for (Rle rle : sample.maskRles()) {
      masks.add(new BinaryMask(h, w, rle.decode()));
    }
    return new ImageTarget(boxes, sample.labels(), masks);
  }
}

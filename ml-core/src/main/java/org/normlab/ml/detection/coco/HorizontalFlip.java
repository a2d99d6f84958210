package org.normlab.ml.detection.coco;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mirrors image, boxes and masks left to right with probability {@code probability}. Coordinates
 * are continuous (pixel i spans [i, i+1)), so x becomes {@code width - x} and a box's left edge
 * {@code width - x - w}; maskrcnn-benchmark's legacy "- 1" pixel convention is not used.
 */
public final class HorizontalFlip implements DetectionTransform {

  private final double probability;

  public HorizontalFlip(double probability) {
    if (probability < 0 || probability > 1) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + probability);
    }
    this.probability = probability;
  }

  @Override
  public DetectionSample apply(DetectionSample sample, SplittableRandom random) {
    if (probability < 1 && random.nextDouble() >= probability) {
      return sample;
    }
    return flip(sample);
  }

  public static DetectionSample flip(DetectionSample sample) {
    int width = sample.image().width();
    List<Box> boxes = sample.boxes().stream()
        .map(b -> new Box(width - b.x() - b.width(), b.y(), b.width(), b.height())).toList();
    List<Segmentation> masks = new ArrayList<>();
    for (Segmentation m : sample.masks()) {
      if (m instanceof Segmentation.Polygons p) {
        List<double[]> flipped = new ArrayList<>();
        for (double[] polygon : p.polygons()) {
          double[] q = polygon.clone();
          for (int i = 0; i < q.length; i += 2) {
            q[i] = width - q[i];
          }
          flipped.add(q);
        }
        masks.add(new Segmentation.Polygons(flipped));
      } else {
        Segmentation.RleMask r = (Segmentation.RleMask) m;
        masks.add(new Segmentation.RleMask(r.rle().flipHorizontal(), r.compressed()));
      }
    }
    return new DetectionSample(sample.imageId(), sample.image().flipHorizontal(), boxes, sample.labels(),
        masks);
  }
}

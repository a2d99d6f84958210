package org.normlab.ml.detection.model;

import java.util.List;
import java.util.Objects;

/**
 * The ground truth of one training image, in its (resized) pixel coordinates: boxes {@code [x1,
 * y1, x2, y2]} (no +1 convention), category labels 1..numCategories, and one full-image mask per
 * object (from the COCO polygons or RLE). Crowd regions are not targets.
 */
public record ImageTarget(float[] boxes, int[] labels, List<BinaryMask> masks) {

  public ImageTarget {
    Objects.requireNonNull(boxes, "boxes");
    Objects.requireNonNull(labels, "labels");
    masks = List.copyOf(masks);
    if (boxes.length != 4 * labels.length || masks.size() != labels.length) {
      throw new IllegalArgumentException(
          "need 4 box coordinates and one mask per label, got "
              + boxes.length
              + " coordinates, "
              + labels.length
              + " labels, "
              + masks.size()
              + " masks");
    }
    if (labels.length == 0) {
      throw new IllegalArgumentException("a training image needs at least one object");
    }
    for (int label : labels) {
      if (label < 1) {
        throw new IllegalArgumentException("labels are categories >= 1 (0 is background), got " + label);
      }
    }
  }

  public int count() {
    return labels.length;
  }
}

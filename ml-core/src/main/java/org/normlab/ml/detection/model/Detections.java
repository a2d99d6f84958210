package org.normlab.ml.detection.model;

import java.util.List;

/**
 * What the detector finds in one image, best score first: boxes {@code [x1, y1, x2, y2]} in the
 * image's pixel coordinates, category labels (1..numCategories), scores, and a full-image binary
 * mask per detection.
 */
public record Detections(float[] boxes, int[] labels, float[] scores, List<BinaryMask> masks) {

  public Detections {
    masks = List.copyOf(masks);
    if (boxes.length != 4 * labels.length
        || scores.length != labels.length
        || masks.size() != labels.length) {
      throw new IllegalArgumentException("boxes, labels, scores and masks must have one entry each");
    }
  }

  public int count() {
    return labels.length;
  }

  /** The i-th box as {@code [x1, y1, x2, y2]}. */
  public float[] box(int i) {
    return java.util.Arrays.copyOfRange(boxes, 4 * i, 4 * i + 4);
  }
}

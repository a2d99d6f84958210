package org.normlab.ml.detection.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.normlab.ml.data.transform.RgbImage;

/**
 * One training image and its instances: boxes ({@code [x, y, w, h]} in pixels of {@code image}),
 * contiguous labels (1..K, 0 being background) and masks (polygons or RLE), index-aligned.
 */
public record DetectionSample(
    long imageId, RgbImage image, List<Box> boxes, int[] labels, List<Segmentation> masks) {

  public DetectionSample {
    boxes = List.copyOf(boxes);
    masks = List.copyOf(masks);
    labels = labels.clone();
    if (boxes.size() != labels.length || boxes.size() != masks.size()) {
      throw new IllegalArgumentException("boxes (" + boxes.size() + "), labels (" + labels.length
          + ") and masks (" + masks.size() + ") must be index-aligned");
    }
  }

  /**
   * Boxes clipped to the image ([0, width] x [0, height]); instances whose clipped box has no
   * width or height are dropped with their label and mask, as maskrcnn-benchmark's
   * {@code clip_to_image(remove_empty=True)}.
   */
  public DetectionSample clipToImage() {
    List<Box> kept = new ArrayList<>();
    List<Segmentation> keptMasks = new ArrayList<>();
    int[] keptLabels = new int[labels.length];
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      double x1 = clamp(b.x(), image.width());
      double y1 = clamp(b.y(), image.height());
      double x2 = clamp(b.x2(), image.width());
      double y2 = clamp(b.y2(), image.height());
      if (x2 > x1 && y2 > y1) {
        keptLabels[kept.size()] = labels[i];
        kept.add(Box.fromCorners(x1, y1, x2, y2));
        keptMasks.add(masks.get(i));
      }
    }
    return new DetectionSample(imageId, image, kept, Arrays.copyOf(keptLabels, kept.size()), keptMasks);
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  /** Instance masks as RLEs of the image's size. */
  public List<Rle> maskRles() {
    return masks.stream().map(m -> m.toRle(image.height(), image.width())).toList();
  }
}

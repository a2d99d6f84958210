package org.normlab.ml.detection.coco;

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

  /** Instance masks as RLEs of the image's size. */
  public List<Rle> maskRles() {
    return masks.stream().map(m -> m.toRle(image.height(), image.width())).toList();
  }
}

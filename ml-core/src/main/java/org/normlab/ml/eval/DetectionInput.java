package org.normlab.ml.eval;

import org.normlab.ml.data.transform.ChwLayout;

/**
 * How a detector sees an image at test time: resized as maskrcnn-benchmark's test transform does
 * (shorter side {@code minSize}, longer at most {@code maxSize}; {@code ResizeToRange}), laid out
 * channels-first by {@code layout}, and padded in batches to a multiple of {@code sizeDivisibility}.
 * Training must feed images the same way (its test sizes are these).
 *
 * @param minSize the test size of the shorter side (INPUT.MIN_SIZE_TEST, 800 for COCO)
 * @param maxSize the longest side allowed (INPUT.MAX_SIZE_TEST, 1333)
 * @param layout pixels to floats: MABN's BGR 0-255 by default
 * @param sizeDivisibility FPN's 32 (DATALOADER.SIZE_DIVISIBILITY)
 */
public record DetectionInput(int minSize, int maxSize, ChwLayout layout, int sizeDivisibility) {

  public DetectionInput {
    if (minSize < 1 || maxSize < minSize || sizeDivisibility < 1) {
      throw new IllegalArgumentException("need 1 <= minSize <= maxSize and sizeDivisibility >= 1, got "
          + minSize + ", " + maxSize + ", " + sizeDivisibility);
    }
    if (layout == null) {
      throw new IllegalArgumentException("layout is required");
    }
  }

  /** The MABN COCO setting (seeds-spec F.3): 800 / 1333, size divisibility 32, BGR 0-255. */
  public static DetectionInput coco() {
    return new DetectionInput(800, 1333, ChwLayout.BGR_0_255, 32);
  }
}

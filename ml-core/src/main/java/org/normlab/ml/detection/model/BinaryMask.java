package org.normlab.ml.detection.model;

import java.util.Objects;

/**
 * A binary mask over an image, row-major (index {@code y * width + x}), as {@code
 * Rle.encode(boolean[], h, w)} of the COCO package takes it.
 */
public record BinaryMask(int height, int width, boolean[] rowMajor) {

  public BinaryMask {
    Objects.requireNonNull(rowMajor, "rowMajor");
    if (height < 1 || width < 1 || rowMajor.length != height * width) {
      throw new IllegalArgumentException(
          "a " + height + "x" + width + " mask needs " + height * width + " values, got "
              + rowMajor.length);
    }
  }

  public boolean get(int y, int x) {
    return rowMajor[y * width + x];
  }

  /** Foreground pixels. */
  public int area() {
    int area = 0;
    for (boolean pixel : rowMajor) {
      if (pixel) {
        area++;
      }
    }
    return area;
  }
}

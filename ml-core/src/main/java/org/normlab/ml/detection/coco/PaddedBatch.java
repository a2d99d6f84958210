package org.normlab.ml.detection.coco;

import java.util.List;

/**
 * Images of different sizes in one (N, C, H, W) float array, zero-padded at the bottom and right to
 * the largest height and width rounded up to a multiple of {@code sizeDivisibility} (32 for FPN,
 * maskrcnn-benchmark's SIZE_DIVISIBILITY), with each image's own size kept.
 */
public record PaddedBatch(float[] data, int count, int channels, int height, int width,
    int[] imageHeights, int[] imageWidths) {

  /** Pads channels-first images; {@code images.get(i)} holds channels*heights[i]*widths[i] floats. */
  public static PaddedBatch pad(List<float[]> images, int channels, int[] heights, int[] widths,
      int sizeDivisibility) {
    if (images.isEmpty() || heights.length != images.size() || widths.length != images.size()
        || sizeDivisibility < 1) {
      throw new IllegalArgumentException(
          "need one height and width per image and sizeDivisibility >= 1");
    }
    int maxH = 0;
    int maxW = 0;
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i).length != channels * heights[i] * widths[i]) {
        throw new IllegalArgumentException("image " + i + " has " + images.get(i).length + " floats, expected "
            + channels + "x" + heights[i] + "x" + widths[i]);
      }
      maxH = Math.max(maxH, heights[i]);
      maxW = Math.max(maxW, widths[i]);
    }
    int h = roundUp(maxH, sizeDivisibility);
    int w = roundUp(maxW, sizeDivisibility);
    float[] data = new float[images.size() * channels * h * w];
    for (int i = 0; i < images.size(); i++) {
      float[] image = images.get(i);
      for (int c = 0; c < channels; c++) {
        for (int y = 0; y < heights[i]; y++) {
          System.arraycopy(image, (c * heights[i] + y) * widths[i], data,
              ((i * channels + c) * h + y) * w, widths[i]);
        }
      }
    }
    return new PaddedBatch(data, images.size(), channels, h, w, heights.clone(), widths.clone());
  }

  private static int roundUp(int value, int divisor) {
    return (value + divisor - 1) / divisor * divisor;
  }
}

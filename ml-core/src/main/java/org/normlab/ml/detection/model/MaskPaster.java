package org.normlab.ml.detection.model;

/**
 * Pastes an M x M mask probability map into its image, as torchvision's {@code
 * paste_masks_in_image} (maskrcnn-benchmark's {@code Masker} likewise): the map is padded by one
 * zero cell on each side and its box enlarged by {@code (M + 2) / M} about the centre, so the
 * mask's border can fall outside the box; the enlarged box is truncated to integers, the padded
 * map resized to {@code (y2 - y1 + 1) x (x2 - x1 + 1)} with bilinear interpolation
 * (align_corners=False), written into the image where it overlaps, and thresholded: pixels above
 * {@code threshold} are foreground.
 */
final class MaskPaster {

  private MaskPaster() {}

  static BinaryMask paste(
      float[] probabilities,
      int resolution,
      float[] boxes,
      int index,
      ImageSize image,
      double threshold) {
    int padded = resolution + 2;
    float[] map = new float[padded * padded];
    for (int y = 0; y < resolution; y++) {
      System.arraycopy(probabilities, y * resolution, map, (y + 1) * padded + 1, resolution);
    }
    double scale = (double) padded / resolution;
    double halfW = (boxes[4 * index + 2] - boxes[4 * index]) * 0.5 * scale;
    double halfH = (boxes[4 * index + 3] - boxes[4 * index + 1]) * 0.5 * scale;
    double centreX = (boxes[4 * index + 2] + boxes[4 * index]) * 0.5;
    double centreY = (boxes[4 * index + 3] + boxes[4 * index + 1]) * 0.5;
    // .to(int64) truncates towards zero.
    int x1 = (int) (centreX - halfW);
    int y1 = (int) (centreY - halfH);
    int x2 = (int) (centreX + halfW);
    int y2 = (int) (centreY + halfH);
    int w = Math.max(x2 - x1 + 1, 1);
    int h = Math.max(y2 - y1 + 1, 1);
    boolean[] pixels = new boolean[image.height() * image.width()];
    int fromX = Math.max(x1, 0);
    int toX = Math.min(x2 + 1, image.width());
    int fromY = Math.max(y1, 0);
    int toY = Math.min(y2 + 1, image.height());
    for (int y = fromY; y < toY; y++) {
      float sy = source(y - y1, padded, h);
      for (int x = fromX; x < toX; x++) {
        float sx = source(x - x1, padded, w);
        pixels[y * image.width() + x] = sample(map, padded, sy, sx) > threshold;
      }
    }
    return new BinaryMask(image.height(), image.width(), pixels);
  }

  /** align_corners=False source coordinate of output index {@code i} (size in -> out). */
  private static float source(int i, int in, int out) {
    float s = (i + 0.5f) * in / out - 0.5f;
    return Math.max(s, 0f);
  }

  private static float sample(float[] map, int side, float y, float x) {
    int y0 = Math.min((int) y, side - 1);
    int x0 = Math.min((int) x, side - 1);
    int y1 = Math.min(y0 + 1, side - 1);
    int x1 = Math.min(x0 + 1, side - 1);
    float ly = y - y0;
    float lx = x - x0;
    return (1 - ly) * ((1 - lx) * map[y0 * side + x0] + lx * map[y0 * side + x1])
        + ly * ((1 - lx) * map[y1 * side + x0] + lx * map[y1 * side + x1]);
  }
}

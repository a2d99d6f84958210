package org.normlab.ml.detection.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Tiny training scenes: a noisy grey background with a red rectangle (category 1) and a blue
 * ellipse (category 2), their exact boxes and masks.
 */
final class SyntheticScenes {

  record Scene(float[] chw, ImageSize size, ImageTarget target) {}

  private SyntheticScenes() {}

  /** {@code side x side} with the rectangle at {@code rect} and the ellipse in {@code ellipse}. */
  static Scene scene(int side, int[] rect, int[] ellipse, long seed) {
    Random random = new Random(seed);
    float[] chw = new float[3 * side * side];
    for (int i = 0; i < chw.length; i++) {
      chw[i] = (float) (random.nextGaussian() * 0.05);
    }
    boolean[] rectMask = new boolean[side * side];
    boolean[] ellipseMask = new boolean[side * side];
    double cx = (ellipse[0] + ellipse[2]) / 2.0;
    double cy = (ellipse[1] + ellipse[3]) / 2.0;
    double rx = (ellipse[2] - ellipse[0]) / 2.0;
    double ry = (ellipse[3] - ellipse[1]) / 2.0;
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        int at = y * side + x;
        if (x >= rect[0] && x < rect[2] && y >= rect[1] && y < rect[3]) {
          rectMask[at] = true;
          paint(chw, side, at, 1f, -0.5f, -0.5f);
        }
        double dx = (x + 0.5 - cx) / rx;
        double dy = (y + 0.5 - cy) / ry;
        if (dx * dx + dy * dy <= 1) {
          ellipseMask[at] = true;
          rectMask[at] = false;
          paint(chw, side, at, -0.5f, -0.5f, 1f);
        }
      }
    }
    List<BinaryMask> masks = new ArrayList<>();
    masks.add(new BinaryMask(side, side, rectMask));
    masks.add(new BinaryMask(side, side, ellipseMask));
    float[] boxes = {
      rect[0], rect[1], rect[2], rect[3], ellipse[0], ellipse[1], ellipse[2], ellipse[3]
    };
    return new Scene(
        chw, new ImageSize(side, side), new ImageTarget(boxes, new int[] {1, 2}, masks));
  }

  private static void paint(float[] chw, int side, int at, float r, float g, float b) {
    int plane = side * side;
    chw[at] += r;
    chw[plane + at] += g;
    chw[2 * plane + at] += b;
  }
}

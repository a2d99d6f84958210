package org.normlab.ml.detection.model;

/**
 * The mask head's training target for one RoI: the matched ground-truth mask cropped to the RoI and
 * resized to M x M, as torchvision's {@code project_masks_on_boxes}: RoIAlign of the 0/1 mask
 * (spatial scale 1, not aligned, adaptive sampling {@code ceil(roi side / M)} points per bin), so
 * border cells hold the fraction of foreground they cover. The loss compares logits with these soft
 * values.
 */
final class MaskTargets {

  private MaskTargets() {}

  /**
   * @param boxes {@code [x1, y1, x2, y2, ...]}; the RoI is box {@code index}
   * @return M x M values in [0, 1], row-major
   */
  static float[] project(BinaryMask mask, float[] boxes, int index, int resolution) {
    float x1 = boxes[4 * index];
    float y1 = boxes[4 * index + 1];
    float roiWidth = Math.max(boxes[4 * index + 2] - x1, 1f);
    float roiHeight = Math.max(boxes[4 * index + 3] - y1, 1f);
    float binWidth = roiWidth / resolution;
    float binHeight = roiHeight / resolution;
    int gridH = (int) Math.ceil(roiHeight / resolution);
    int gridW = (int) Math.ceil(roiWidth / resolution);
    float count = Math.max(gridH * gridW, 1);
    float[] out = new float[resolution * resolution];
    for (int ph = 0; ph < resolution; ph++) {
      for (int pw = 0; pw < resolution; pw++) {
        double sum = 0;
        for (int iy = 0; iy < gridH; iy++) {
          float y = y1 + ph * binHeight + (iy + 0.5f) * binHeight / gridH;
          for (int ix = 0; ix < gridW; ix++) {
            float x = x1 + pw * binWidth + (ix + 0.5f) * binWidth / gridW;
            sum += bilinear(mask, y, x);
          }
        }
        out[ph * resolution + pw] = (float) (sum / count);
      }
    }
    return out;
  }

  /** torchvision's roi_align bilinear sample, with its border rules. */
  static float bilinear(BinaryMask mask, float y, float x) {
    int height = mask.height();
    int width = mask.width();
    if (y < -1f || y > height || x < -1f || x > width) {
      return 0f;
    }
    y = Math.max(y, 0f);
    x = Math.max(x, 0f);
    int yLow = (int) y;
    int xLow = (int) x;
    int yHigh;
    int xHigh;
    if (yLow >= height - 1) {
      yHigh = yLow = height - 1;
      y = yLow;
    } else {
      yHigh = yLow + 1;
    }
    if (xLow >= width - 1) {
      xHigh = xLow = width - 1;
      x = xLow;
    } else {
      xHigh = xLow + 1;
    }
    float ly = y - yLow;
    float lx = x - xLow;
    float hy = 1 - ly;
    float hx = 1 - lx;
    return hy * hx * value(mask, yLow, xLow)
        + hy * lx * value(mask, yLow, xHigh)
        + ly * hx * value(mask, yHigh, xLow)
        + ly * lx * value(mask, yHigh, xHigh);
  }

  private static float value(BinaryMask mask, int y, int x) {
    return mask.get(y, x) ? 1f : 0f;
  }
}

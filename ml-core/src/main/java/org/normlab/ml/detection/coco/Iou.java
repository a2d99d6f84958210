package org.normlab.ml.detection.coco;

/**
 * Intersection over union as COCO defines it, for boxes and for masks. For a crowd ground truth the
 * denominator is the detection's own area (intersection / area(detection)), so a detection lying
 * inside a crowd region scores 1 however large the region is.
 */
public final class Iou {

  private Iou() {}

  /** Box IoU with pycocotools' bbIou arithmetic (so the doubles come out identical). */
  public static double boxes(Box detection, Box groundTruth, boolean crowd) {
    double w = Math.min(detection.x2(), groundTruth.x2()) - Math.max(detection.x(), groundTruth.x());
    if (w <= 0) {
      return 0;
    }
    double h = Math.min(detection.y2(), groundTruth.y2()) - Math.max(detection.y(), groundTruth.y());
    if (h <= 0) {
      return 0;
    }
    double intersection = w * h;
    double detectionArea = detection.width() * detection.height();
    double union =
        crowd ? detectionArea : detectionArea + groundTruth.width() * groundTruth.height() - intersection;
    return intersection / union;
  }

  /** Mask IoU with pycocotools' rleIou rule: 0 without overlap, crowd divides by area(detection). */
  public static double masks(Rle detection, Rle groundTruth, boolean crowd) {
    if (detection.height() != groundTruth.height() || detection.width() != groundTruth.width()) {
      throw new IllegalArgumentException(
          "mask IoU needs masks of one size: detection " + detection.height() + "x"
              + detection.width() + ", ground truth " + groundTruth.height() + "x"
              + groundTruth.width());
    }
    RleMerge.RunCursor d = new RleMerge.RunCursor(detection.countsView());
    RleMerge.RunCursor g = new RleMerge.RunCursor(groundTruth.countsView());
    long remaining = (long) detection.height() * detection.width();
    long intersection = 0;
    long union = 0;
    while (remaining > 0) {
      int step = Math.min(d.left, g.left);
      if (d.value || g.value) {
        union += step;
        if (d.value && g.value) {
          intersection += step;
        }
      }
      d.advance(step);
      g.advance(step);
      remaining -= step;
    }
    if (intersection == 0) {
      return 0;
    }
    return (double) intersection / (double) (crowd ? detection.area() : union);
  }
}

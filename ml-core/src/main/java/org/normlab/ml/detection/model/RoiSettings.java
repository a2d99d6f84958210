package org.normlab.ml.detection.model;

/**
 * The RoI heads' hyper-parameters (maskrcnn-benchmark's {@code MODEL.ROI_HEADS.*} and the box and
 * mask heads' pooler settings).
 *
 * @param batchSizePerImage proposals sampled per image for the box loss
 * @param positiveFraction at most this share of them foreground
 * @param foregroundIou proposals matching a ground-truth box at least this well are foreground
 *     (and below it background)
 * @param scoreThreshold detections scoring at most this are dropped at inference
 * @param nmsThreshold IoU of the per-class NMS at inference
 * @param detectionsPerImage at most this many detections per image, best first
 * @param boxPool RoIAlign output side for the box head
 * @param maskPool RoIAlign output side for the mask head; masks are twice this side
 * @param samplingRatio RoIAlign sampling points per bin side
 * @param maskThreshold probability above which a pasted mask pixel is foreground
 */
public record RoiSettings(
    int batchSizePerImage,
    double positiveFraction,
    double foregroundIou,
    double scoreThreshold,
    double nmsThreshold,
    int detectionsPerImage,
    int boxPool,
    int maskPool,
    int samplingRatio,
    double maskThreshold) {

  /** The box head's smooth-L1 beta (maskrcnn-benchmark's box_head/loss.py). */
  public static final double SMOOTH_L1_BETA = 1.0;

  /** The box head's delta weights (wx, wy, ww, wh) = BBOX_REG_WEIGHTS. */
  public static final double[] BOX_WEIGHTS = {10, 10, 5, 5};

  public RoiSettings {
    if (batchSizePerImage < 1 || !(positiveFraction > 0 && positiveFraction <= 1)) {
      throw new IllegalArgumentException(
          "batchSizePerImage must be >= 1 and positiveFraction in (0, 1], got "
              + batchSizePerImage
              + ", "
              + positiveFraction);
    }
    if (detectionsPerImage < 1 || boxPool < 1 || maskPool < 1 || samplingRatio < 0) {
      throw new IllegalArgumentException(
          "detectionsPerImage, boxPool and maskPool must be >= 1 and samplingRatio >= 0");
    }
  }

  /**
   * maskrcnn-benchmark's defaults: 512 RoIs per image, a quarter foreground at IoU 0.5; score 0.05,
   * NMS 0.5, 100 detections; RoIAlign 7x7 (box) and 14x14 (mask, 28x28 masks), sampling ratio 2;
   * masks thresholded at 0.5.
   */
  public static RoiSettings paper() {
    return new RoiSettings(512, 0.25, 0.5, 0.05, 0.5, 100, 7, 14, 2, 0.5);
  }

  /** These settings sampling {@code rois} proposals per image for the loss. */
  public RoiSettings withBatchSizePerImage(int rois) {
    return new RoiSettings(
        rois,
        positiveFraction,
        foregroundIou,
        scoreThreshold,
        nmsThreshold,
        detectionsPerImage,
        boxPool,
        maskPool,
        samplingRatio,
        maskThreshold);
  }

  /** Side of the predicted masks: twice the mask pool (the head's deconvolution). */
  public int maskResolution() {
    return 2 * maskPool;
  }
}

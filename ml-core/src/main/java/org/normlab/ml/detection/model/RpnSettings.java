package org.normlab.ml.detection.model;

import java.util.List;

/**
 * The region proposal network's hyper-parameters (maskrcnn-benchmark's {@code MODEL.RPN.*}).
 *
 * @param anchorSizes anchor side (sqrt of area) per pyramid level P2..P6
 * @param aspectRatios h / w of the anchors at every location
 * @param preNmsTopNTrain best-scoring anchors per level and image kept before NMS, training
 * @param preNmsTopNTest the same at inference
 * @param postNmsTopNTrain proposals per image kept after NMS and the merge of levels, training
 * @param postNmsTopNTest the same at inference
 * @param nmsThreshold IoU above which NMS suppresses a proposal
 * @param foregroundIou anchors matching a ground-truth box at least this well are positive
 * @param backgroundIou anchors matching every ground-truth box below this are negative
 * @param batchSizePerImage anchors sampled per image for the loss
 * @param positiveFraction at most this share of them positive
 */
public record RpnSettings(
    List<Integer> anchorSizes,
    List<Double> aspectRatios,
    int preNmsTopNTrain,
    int preNmsTopNTest,
    int postNmsTopNTrain,
    int postNmsTopNTest,
    double nmsThreshold,
    double foregroundIou,
    double backgroundIou,
    int batchSizePerImage,
    double positiveFraction) {

  /** The smooth-L1 beta of the RPN's box loss (maskrcnn-benchmark's rpn/loss.py). */
  public static final double SMOOTH_L1_BETA = 1.0 / 9;

  public RpnSettings {
    anchorSizes = List.copyOf(anchorSizes);
    aspectRatios = List.copyOf(aspectRatios);
    if (anchorSizes.isEmpty() || anchorSizes.stream().anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("anchorSizes must be positive, got " + anchorSizes);
    }
    if (aspectRatios.isEmpty() || aspectRatios.stream().anyMatch(r -> !(r > 0))) {
      throw new IllegalArgumentException("aspectRatios must be positive, got " + aspectRatios);
    }
    if (preNmsTopNTrain < 1 || preNmsTopNTest < 1 || postNmsTopNTrain < 1 || postNmsTopNTest < 1) {
      throw new IllegalArgumentException("top-n counts must be >= 1");
    }
    if (batchSizePerImage < 1 || !(positiveFraction > 0 && positiveFraction <= 1)) {
      throw new IllegalArgumentException(
          "batchSizePerImage must be >= 1 and positiveFraction in (0, 1], got "
              + batchSizePerImage
              + ", "
              + positiveFraction);
    }
    if (!(backgroundIou <= foregroundIou)) {
      throw new IllegalArgumentException("backgroundIou must not exceed foregroundIou");
    }
  }

  /**
   * maskrcnn-benchmark's FPN defaults: sizes 32..512 on P2..P6, ratios 0.5/1/2, 2000 / 1000
   * proposals (train / test) before and after NMS 0.7, IoU 0.7 / 0.3, 256 anchors, half positive.
   */
  public static RpnSettings paper() {
    return new RpnSettings(
        List.of(32, 64, 128, 256, 512),
        List.of(0.5, 1.0, 2.0),
        2000,
        1000,
        2000,
        1000,
        0.7,
        0.7,
        0.3,
        256,
        0.5);
  }

  /** These settings with other anchor sizes (small images want small anchors). */
  public RpnSettings withAnchorSizes(List<Integer> sizes) {
    return new RpnSettings(
        sizes,
        aspectRatios,
        preNmsTopNTrain,
        preNmsTopNTest,
        postNmsTopNTrain,
        postNmsTopNTest,
        nmsThreshold,
        foregroundIou,
        backgroundIou,
        batchSizePerImage,
        positiveFraction);
  }

  /** These settings with other proposal counts (train, test) before and after NMS. */
  public RpnSettings withTopN(int preTrain, int preTest, int postTrain, int postTest) {
    return new RpnSettings(
        anchorSizes,
        aspectRatios,
        preTrain,
        preTest,
        postTrain,
        postTest,
        nmsThreshold,
        foregroundIou,
        backgroundIou,
        batchSizePerImage,
        positiveFraction);
  }

  /** These settings sampling {@code anchors} anchors per image for the loss. */
  public RpnSettings withBatchSizePerImage(int anchors) {
    return new RpnSettings(
        anchorSizes,
        aspectRatios,
        preNmsTopNTrain,
        preNmsTopNTest,
        postNmsTopNTrain,
        postNmsTopNTest,
        nmsThreshold,
        foregroundIou,
        backgroundIou,
        anchors,
        positiveFraction);
  }
}

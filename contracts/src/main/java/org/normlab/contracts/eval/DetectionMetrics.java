package org.normlab.contracts.eval;

import java.util.Objects;

/**
 * COCO box and mask scores of a detection evaluation (computed as pycocotools' COCOeval does),
 * with the image count and the throughput of the scoring pass.
 *
 * @param bbox box AP/AR
 * @param segm mask AP/AR
 * @param images images scored
 * @param imagesPerSecond images / seconds of the whole pass (data loading, detection, conversion)
 */
public record DetectionMetrics(CocoSummary bbox, CocoSummary segm, long images, double imagesPerSecond) {

  public DetectionMetrics {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(segm, "segm");
    if (images < 1) {
      throw new IllegalArgumentException("images must be >= 1, got " + images);
    }
    if (!(imagesPerSecond >= 0)) {
      throw new IllegalArgumentException("imagesPerSecond must be >= 0, got " + imagesPerSecond);
    }
  }
}

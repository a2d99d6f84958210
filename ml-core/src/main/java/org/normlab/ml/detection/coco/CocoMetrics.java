package org.normlab.ml.detection.coco;

/**
 * COCOeval's twelve summary numbers ({@code stats[0..11]}), each -1 when nothing defines it (no
 * ground truth that counts in the area range). AP: precision averaged over IoU 0.50:0.95, the 101
 * recall thresholds and the categories; AR: recall averaged over IoU thresholds and categories.
 */
public record CocoMetrics(
    double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
    double ar1, double ar10, double ar100, double arSmall, double arMedium, double arLarge) {

  /** In pycocotools' stats order. */
  public double[] toArray() {
    return new double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall,
        arMedium, arLarge};
  }

  public static CocoMetrics fromArray(double[] stats) {
    if (stats.length != 12) {
      throw new IllegalArgumentException("COCO summaries have 12 numbers, got " + stats.length);
    }
    return new CocoMetrics(stats[0], stats[1], stats[2], stats[3], stats[4], stats[5], stats[6],
        stats[7], stats[8], stats[9], stats[10], stats[11]);
  }
}

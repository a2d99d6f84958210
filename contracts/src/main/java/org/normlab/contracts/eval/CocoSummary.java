package org.normlab.contracts.eval;

/**
 * COCOeval's twelve summary numbers for one IoU type, in percent as the papers report them. A number
 * COCOeval leaves undefined (-1: no ground truth of that area range) is null.
 *
 * @param ap AP averaged over IoU 0.50:0.05:0.95 (maxDets 100)
 * @param ar1 AR with at most 1 detection per image (likewise ar10, ar100)
 */
public record CocoSummary(
    Double ap,
    Double ap50,
    Double ap75,
    Double apSmall,
    Double apMedium,
    Double apLarge,
    Double ar1,
    Double ar10,
    Double ar100,
    Double arSmall,
    Double arMedium,
    Double arLarge) {

  public CocoSummary {
    for (Double value :
        new Double[] {ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge}) {
      if (value != null && !(value >= 0 && value <= 100)) {
        throw new IllegalArgumentException("COCO summaries are percentages in [0, 100] or null, got " + value);
      }
    }
  }

  /**
   * From COCOeval's {@code stats} (fractions in [0, 1], -1 where undefined), in its order: AP, AP50,
   * AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl.
   */
  public static CocoSummary fromStats(double[] stats) {
    if (stats.length != 12) {
      throw new IllegalArgumentException("COCO summaries have 12 numbers, got " + stats.length);
    }
    Double[] p = new Double[12];
    for (int i = 0; i < 12; i++) {
      p[i] = stats[i] < 0 ? null : stats[i] * 100;
    }
    return new CocoSummary(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11]);
  }
}

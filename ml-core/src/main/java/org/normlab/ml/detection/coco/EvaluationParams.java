package org.normlab.ml.detection.coco;

import java.util.List;

/**
 * COCOeval's detection parameters: IoU thresholds 0.50:0.05:0.95, recall thresholds 0:0.01:1,
 * maxDets 1/10/100 and the area ranges all/small/medium/large. The thresholds are computed as
 * numpy's linspace computes them ({@code start + i * ((stop - start) / (n - 1))}, last = stop), so
 * comparisons with IoUs fall on the same side as in pycocotools.
 */
public record EvaluationParams(
    double[] iouThresholds, double[] recallThresholds, int[] maxDets, List<AreaRange> areaRanges) {

  public static final AreaRange ALL = new AreaRange("all", 0, 1e5 * 1e5);
  public static final AreaRange SMALL = new AreaRange("small", 0, 32 * 32);
  public static final AreaRange MEDIUM = new AreaRange("medium", 32 * 32, 96 * 96);
  public static final AreaRange LARGE = new AreaRange("large", 96 * 96, 1e5 * 1e5);

  public static EvaluationParams coco() {
    return new EvaluationParams(linspace(.5, .95, 10), linspace(0, 1, 101), new int[] {1, 10, 100},
        List.of(ALL, SMALL, MEDIUM, LARGE));
  }

  public int maxDetLimit() {
    return maxDets[maxDets.length - 1];
  }

  /** Index of an IoU threshold, found by exact equality as pycocotools' summarize does. */
  public int iouIndex(double threshold) {
    for (int i = 0; i < iouThresholds.length; i++) {
      if (iouThresholds[i] == threshold) {
        return i;
      }
    }
    throw new IllegalArgumentException("no IoU threshold equal to " + threshold);
  }

  public int areaIndex(AreaRange range) {
    int index = areaRanges.indexOf(range);
    if (index < 0) {
      throw new IllegalArgumentException("unknown area range " + range.label());
    }
    return index;
  }

  public int maxDetIndex(int maxDet) {
    for (int i = 0; i < maxDets.length; i++) {
      if (maxDets[i] == maxDet) {
        return i;
      }
    }
    throw new IllegalArgumentException("no maxDets entry " + maxDet);
  }

  static double[] linspace(double start, double stop, int n) {
    double[] out = new double[n];
    double step = (stop - start) / (n - 1);
    for (int i = 0; i < n; i++) {
      out[i] = i * step + start;
    }
    out[n - 1] = stop;
    return out;
  }
}

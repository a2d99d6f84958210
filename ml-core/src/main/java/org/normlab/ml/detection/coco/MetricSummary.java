package org.normlab.ml.detection.coco;

/**
 * COCOeval.summarize for detection: each number is the mean of the table entries above -1 in the
 * selected slice (or -1 if there are none). The mean sums in numpy's pairwise order, so the
 * results agree with pycocotools to the last bit rather than to rounding.
 */
final class MetricSummary {

  private final EvaluationParams params;
  private final PrecisionTables tables;

  MetricSummary(EvaluationParams params, PrecisionTables tables) {
    this.params = params;
    this.tables = tables;
  }

  CocoMetrics summarize() {
    int last = params.maxDets()[params.maxDets().length - 1];
    return new CocoMetrics(
        ap(null, EvaluationParams.ALL, last),
        ap(.5, EvaluationParams.ALL, last),
        ap(.75, EvaluationParams.ALL, last),
        ap(null, EvaluationParams.SMALL, last),
        ap(null, EvaluationParams.MEDIUM, last),
        ap(null, EvaluationParams.LARGE, last),
        ar(EvaluationParams.ALL, params.maxDets()[0]),
        ar(EvaluationParams.ALL, params.maxDets()[1]),
        ar(EvaluationParams.ALL, last),
        ar(EvaluationParams.SMALL, last),
        ar(EvaluationParams.MEDIUM, last),
        ar(EvaluationParams.LARGE, last));
  }

  /** Mean precision; {@code iou == null} means all thresholds. C order: t, then r, then k. */
  double ap(Double iou, AreaRange range, int maxDet) {
    int a = params.areaIndex(range);
    int m = params.maxDetIndex(maxDet);
    double[][][][][] p = tables.precision();
    Values values = new Values(p.length * params.recallThresholds().length * categories());
    for (int t = 0; t < p.length; t++) {
      if (iou != null && t != params.iouIndex(iou)) {
        continue;
      }
      for (double[][][] atRecall : p[t]) {
        for (double[][] ofCategory : atRecall) {
          values.add(ofCategory[a][m]);
        }
      }
    }
    return values.mean();
  }

  /** Mean recall over IoU thresholds and categories. */
  double ar(AreaRange range, int maxDet) {
    int a = params.areaIndex(range);
    int m = params.maxDetIndex(maxDet);
    Values values = new Values(params.iouThresholds().length * categories());
    for (double[][][] byCategory : tables.recall()) {
      for (double[][] entry : byCategory) {
        values.add(entry[a][m]);
      }
    }
    return values.mean();
  }

  private int categories() {
    return tables.recall().length == 0 ? 0 : tables.recall()[0].length;
  }

  /** The entries above -1, in order, and their mean as numpy computes it. */
  private static final class Values {
    private final double[] data;
    private int size;

    Values(int capacity) {
      data = new double[capacity];
    }

    void add(double value) {
      if (value > -1) {
        data[size++] = value;
      }
    }

    double mean() {
      return size == 0 ? -1 : PairwiseSum.sum(data, 0, size) / size;
    }
  }
}

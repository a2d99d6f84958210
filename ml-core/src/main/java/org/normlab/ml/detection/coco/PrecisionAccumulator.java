package org.normlab.ml.detection.coco;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * COCOeval.accumulate: for each category, area range and maxDets, the images' detections (each
 * image's first maxDets) are pooled and stably sorted by descending score; cumulative true and false
 * positives (ignored detections count as neither) give recall = tp / (ground truths not ignored) and
 * precision = tp / (tp + fp + eps). Precision is made non-increasing from the right, then read at
 * the first detection whose recall reaches each recall threshold (searchsorted left); thresholds
 * beyond the final recall get precision 0.
 */
final class PrecisionAccumulator {

  private static final double EPS = Math.ulp(1.0); // np.spacing(1)

  private final EvaluationParams params;

  PrecisionAccumulator(EvaluationParams params) {
    this.params = params;
  }

  /** {@code evaluations[k][a][i]}: category k, area range a, image i (null where nothing). */
  PrecisionTables accumulate(ImageEvaluation[][][] evaluations) {
    int t = params.iouThresholds().length;
    int r = params.recallThresholds().length;
    int k = evaluations.length;
    int a = params.areaRanges().size();
    int m = params.maxDets().length;
    double[][][][][] precision = new double[t][r][k][a][m];
    double[][][][] recall = new double[t][k][a][m];
    fill(precision, recall);
    for (int ki = 0; ki < k; ki++) {
      for (int ai = 0; ai < a; ai++) {
        for (int mi = 0; mi < m; mi++) {
          Pool pool = pool(evaluations[ki][ai], params.maxDets()[mi]);
          if (pool == null || pool.regularGroundTruths == 0) {
            continue;
          }
          for (int ti = 0; ti < t; ti++) {
            curve(pool, ti, ki, ai, mi, precision, recall);
          }
        }
      }
    }
    return new PrecisionTables(precision, recall);
  }

  /** Pooled detections of all images, sorted by descending score. */
  private record Pool(int[] order, boolean[][] matched, boolean[][] ignored, int regularGroundTruths) {}

  private Pool pool(ImageEvaluation[] images, int maxDet) {
    List<ImageEvaluation> present = Arrays.stream(images).filter(e -> e != null).toList();
    if (present.isEmpty()) {
      return null;
    }
    int thresholds = params.iouThresholds().length;
    int total = present.stream().mapToInt(e -> Math.min(maxDet, e.detectionScores().length)).sum();
    double[] scores = new double[total];
    boolean[][] matched = new boolean[thresholds][total];
    boolean[][] ignored = new boolean[thresholds][total];
    int regular = 0;
    int offset = 0;
    for (ImageEvaluation e : present) {
      int n = Math.min(maxDet, e.detectionScores().length);
      System.arraycopy(e.detectionScores(), 0, scores, offset, n);
      for (int ti = 0; ti < thresholds; ti++) {
        System.arraycopy(e.detectionMatched()[ti], 0, matched[ti], offset, n);
        System.arraycopy(e.detectionIgnored()[ti], 0, ignored[ti], offset, n);
      }
      offset += n;
      for (boolean gtIgnored : e.groundTruthIgnored()) {
        regular += gtIgnored ? 0 : 1;
      }
    }
    // Stable, as np.argsort(-scores, kind='mergesort'): equal scores keep image order.
    int[] order = IntStream.range(0, total).boxed()
        .sorted((x, y) -> scores[x] > scores[y] ? -1 : scores[x] < scores[y] ? 1 : 0)
        .mapToInt(Integer::intValue).toArray();
    return new Pool(order, matched, ignored, regular);
  }

  private void curve(Pool pool, int ti, int ki, int ai, int mi, double[][][][][] precision,
      double[][][][] recall) {
    int nd = pool.order.length;
    double[] rc = new double[nd];
    double[] pr = new double[nd];
    double tp = 0;
    double fp = 0;
    for (int j = 0; j < nd; j++) {
      int d = pool.order[j];
      if (!pool.ignored[ti][d]) {
        if (pool.matched[ti][d]) {
          tp++;
        } else {
          fp++;
        }
      }
      rc[j] = tp / pool.regularGroundTruths;
      pr[j] = tp / (fp + tp + EPS);
    }
    recall[ti][ki][ai][mi] = nd > 0 ? rc[nd - 1] : 0;
    for (int j = nd - 1; j > 0; j--) {
      if (pr[j] > pr[j - 1]) {
        pr[j - 1] = pr[j];
      }
    }
    double[] thresholds = params.recallThresholds();
    int j = 0;
    for (int ri = 0; ri < thresholds.length; ri++) {
      while (j < nd && rc[j] < thresholds[ri]) {
        j++; // searchsorted(rc, threshold, side='left'); thresholds increase, so j only moves on
      }
      precision[ti][ri][ki][ai][mi] = j < nd ? pr[j] : 0;
    }
  }

  private static void fill(double[][][][][] precision, double[][][][] recall) {
    for (double[][][][] a : precision) {
      for (double[][][] b : a) {
        for (double[][] c : b) {
          for (double[] d : c) {
            Arrays.fill(d, -1);
          }
        }
      }
    }
    for (double[][][] a : recall) {
      for (double[][] b : a) {
        for (double[] c : b) {
          Arrays.fill(c, -1);
        }
      }
    }
  }
}

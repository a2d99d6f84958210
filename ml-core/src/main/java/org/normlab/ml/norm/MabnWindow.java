package org.normlab.ml.norm;

/**
 * The moving-average bookkeeping of one MABN training iteration, as small dense matrices the layer
 * multiplies with (G = groups in the batch, S = window):
 *
 * <ul>
 *   <li>Micro-batch tau (1-based) is group k of iteration t: tau = (t - 1) G + k + 1. Its statistic
 *       lives in ring-buffer row tau mod S, exactly MABN.py's {@code buffer[iters % S]} when G = 1.
 *   <li>Group k averages the S micro-batches tau-S+1..tau (earlier groups of this batch included),
 *       unless tau <= S or t < warmupIters, when it uses its own statistic. Row k of {@link
 *       #history} (over ring rows) and of {@link #current} (over this batch's groups) holds those
 *       weights; each row sums to 1.
 *   <li>After the iteration, ring row tau mod S holds micro-batch tau for the batch's last min(G,
 *       S) groups: {@code ring' = keep * ring + write * batch}, exact since the weights are 0 or 1.
 * </ul>
 *
 * The group count must stay the same from iteration to iteration (the platform's SGD batch is fixed
 * and its sampler drops incomplete batches), since tau is derived from t.
 */
final class MabnWindow {

  final int groups;
  final int window;

  /** (G, S): weight of each ring row in each group's average. */
  final float[] history;

  /** (G, G): weight of each group of this batch in each group's average. */
  final float[] current;

  /** (S, S): 1 on the diagonal for ring rows this iteration does not overwrite. */
  final float[] keep;

  /** (S, G): 1 where a ring row takes a group of this batch. */
  final float[] write;

  /** Whether any group's average reaches into earlier iterations. */
  final boolean usesHistory;

  /** Per group: simple moving average (true) or its own statistic (false). */
  final boolean[] moving;

  private MabnWindow(
      int groups,
      int window,
      float[] history,
      float[] current,
      float[] keep,
      float[] write,
      boolean usesHistory,
      boolean[] moving) {
    this.groups = groups;
    this.window = window;
    this.history = history;
    this.current = current;
    this.keep = keep;
    this.write = write;
    this.usesHistory = usesHistory;
    this.moving = moving;
  }

  /** The bookkeeping of SGD iteration {@code t} (1-based) over {@code groups} groups. */
  static MabnWindow at(long t, int groups, int window, int warmupIters) {
    if (t < 1 || groups < 1 || window < 1) {
      throw new IllegalArgumentException(
          "iteration, groups and window must be >= 1, got " + t + ", " + groups + ", " + window);
    }
    float[] history = new float[groups * window];
    float[] current = new float[groups * groups];
    boolean[] moving = new boolean[groups];
    boolean usesHistory = false;
    long before = (t - 1) * groups;
    float share = (float) (1.0 / window);
    for (int k = 0; k < groups; k++) {
      long tau = before + k + 1;
      moving[k] = !(tau <= window || t < warmupIters);
      if (!moving[k]) {
        current[k * groups + k] = 1f;
        continue;
      }
      for (long e = tau - window + 1; e <= tau; e++) {
        if (e > before) {
          current[k * groups + (int) (e - before - 1)] += share;
        } else {
          history[k * window + (int) (e % window)] += share;
          usesHistory = true;
        }
      }
    }
    float[] keep = new float[window * window];
    float[] write = new float[window * groups];
    boolean[] written = new boolean[window];
    for (int j = Math.max(0, groups - window); j < groups; j++) {
      int slot = (int) ((before + j + 1) % window);
      write[slot * groups + j] = 1f;
      written[slot] = true;
    }
    for (int slot = 0; slot < window; slot++) {
      if (!written[slot]) {
        keep[slot * window + slot] = 1f;
      }
    }
    return new MabnWindow(groups, window, history, current, keep, write, usesHistory, moving);
  }

  /** {@link #current} transposed: (G, G), row j = the weights group j's statistic gets. */
  float[] currentTransposed() {
    float[] transposed = new float[groups * groups];
    for (int k = 0; k < groups; k++) {
      for (int j = 0; j < groups; j++) {
        transposed[j * groups + k] = current[k * groups + j];
      }
    }
    return transposed;
  }
}

package org.normlab.ml.detection.ops;

import java.util.Arrays;

/**
 * Where RoIAlign samples, computed on the host: for every output bin ({@code bins = K * outH *
 * outW}, RoI-major) up to {@code slots} (feature row, weight) pairs whose weighted sum is the bin's
 * value. Rows index the {@code (N*H*W, C)} view of the features; unused pairs have weight 0.
 *
 * <p>The coordinate arithmetic copies torchvision's CPU kernel ({@code roi_align_kernel.cpp},
 * {@code pre_calc_for_bilinear_interpolate}) step by step in float, so that samples on a border
 * ({@code y > height}, {@code y_low >= height - 1}) fall on the same side as there. Bilinear
 * weights factor into a y part and an x part, and so does torchvision's out-of-map test, so a bin's
 * weight on pixel (y, x) is {@code wy(y) * wx(x) / count} with {@code wy} summed over the bin's
 * sample rows and {@code wx} over its sample columns. Along an axis a bin of {@code b} pixels with
 * {@code g} samples touches at most {@code min(2g, ceil(b) + 2)} pixels; FPN's level assignment
 * keeps bins near one or two pixels, so a bin needs fewer (pixel, weight) pairs than its {@code 4 *
 * gridH * gridW} sample corners. Pairs of weight 0 (a sample exactly on a pixel) are dropped.
 * {@code slots} is the largest bin's count: one RoI far larger than its level's scale with adaptive
 * sampling widens every bin's padding.
 *
 * @param slots pairs per bin (at least 1)
 * @param bins output bins
 * @param rows {@code bins * slots} row indices, bin-major
 * @param weights matching weights
 */
record SamplingPlan(int slots, int bins, long[] rows, float[] weights) {

  static SamplingPlan of(RoiAlign op, float[] rois, int batch, int height, int width) {
    int roiCount = rois.length / 5;
    int outH = op.outputHeight();
    int outW = op.outputWidth();
    AxisWeights[][] ys = new AxisWeights[roiCount][];
    AxisWeights[][] xs = new AxisWeights[roiCount][];
    float[] inverseCount = new float[roiCount];
    int slots = 1;
    float offset = op.aligned() ? 0.5f : 0f;
    float scale = op.spatialScale();
    for (int r = 0; r < roiCount; r++) {
      float batchIndex = rois[5 * r];
      if (batchIndex < 0 || batchIndex >= batch || batchIndex != (int) batchIndex) {
        throw new IllegalArgumentException(
            "roi " + r + " has batch index " + batchIndex + "; the features hold " + batch);
      }
      float startX = rois[5 * r + 1] * scale - offset;
      float startY = rois[5 * r + 2] * scale - offset;
      float endX = rois[5 * r + 3] * scale - offset;
      float endY = rois[5 * r + 4] * scale - offset;
      float roiWidth = endX - startX;
      float roiHeight = endY - startY;
      if (!op.aligned()) {
        // torchvision: "Force malformed ROIs to be 1x1"
        roiWidth = Math.max(roiWidth, 1f);
        roiHeight = Math.max(roiHeight, 1f);
      }
      float binH = roiHeight / outH;
      float binW = roiWidth / outW;
      int gridH = op.samplingRatio() > 0 ? op.samplingRatio() : (int) Math.ceil(roiHeight / outH);
      int gridW = op.samplingRatio() > 0 ? op.samplingRatio() : (int) Math.ceil(roiWidth / outW);
      inverseCount[r] = 1f / Math.max(gridH * gridW, 1);
      ys[r] = new AxisWeights[outH];
      xs[r] = new AxisWeights[outW];
      for (int ph = 0; ph < outH; ph++) {
        ys[r][ph] = AxisWeights.of(startY, ph, binH, gridH, height);
      }
      for (int pw = 0; pw < outW; pw++) {
        xs[r][pw] = AxisWeights.of(startX, pw, binW, gridW, width);
      }
      for (AxisWeights y : ys[r]) {
        for (AxisWeights x : xs[r]) {
          slots = Math.max(slots, y.size() * x.size());
        }
      }
    }

    int bins = roiCount * outH * outW;
    long[] rows = new long[slots * bins];
    float[] weights = new float[slots * bins];
    int bin = 0;
    for (int r = 0; r < roiCount; r++) {
      long base = (long) (int) rois[5 * r] * height * width;
      for (int ph = 0; ph < outH; ph++) {
        AxisWeights y = ys[r][ph];
        for (int pw = 0; pw < outW; pw++) {
          AxisWeights x = xs[r][pw];
          int slot = 0;
          for (int i = 0; i < y.size(); i++) {
            for (int j = 0; j < x.size(); j++) {
              int at = bin * slots + slot;
              rows[at] = base + (long) y.index[i] * width + x.index[j];
              weights[at] = (float) (y.weight[i] * x.weight[j] * inverseCount[r]);
              slot++;
            }
          }
          bin++;
        }
      }
    }
    return new SamplingPlan(slots, bins, rows, weights);
  }

  /** One bin's samples along one axis, merged per feature row (or column): index -> weight. */
  record AxisWeights(int[] index, double[] weight) {

    int size() {
      return index.length;
    }

    /**
     * The {@code grid} samples of bin {@code bin} along an axis of {@code size} pixels, each split
     * between its two neighbouring pixels; samples beyond the map (torchvision: {@code y < -1 || y
     * > size}) contribute nothing.
     */
    static AxisWeights of(float start, int bin, float binSize, int grid, int size) {
      int[] index = new int[2 * grid];
      double[] weight = new double[2 * grid];
      int used = 0;
      for (int i = 0; i < grid; i++) {
        float v = start + bin * binSize + (i + .5f) * binSize / (float) grid;
        if (v < -1.0f || v > size) {
          continue;
        }
        if (v <= 0) {
          v = 0;
        }
        int low = (int) v;
        int high;
        if (low >= size - 1) {
          high = low = size - 1;
          v = low;
        } else {
          high = low + 1;
        }
        float lowWeightComplement = v - low; // torchvision's ly: the weight of `high`
        float lowWeight = 1f - lowWeightComplement;
        used = add(index, weight, used, low, lowWeight);
        used = add(index, weight, used, high, lowWeightComplement);
      }
      return new AxisWeights(Arrays.copyOf(index, used), Arrays.copyOf(weight, used));
    }

    /** Samples move monotonically along the axis, so a repeated pixel is one of the last two. */
    private static int add(int[] index, double[] weight, int used, int pixel, float w) {
      if (w == 0) {
        return used; // a sample exactly on a pixel: its neighbour adds nothing, and costs a slot
      }
      for (int k = Math.max(0, used - 2); k < used; k++) {
        if (index[k] == pixel) {
          weight[k] += w;
          return used;
        }
      }
      index[used] = pixel;
      weight[used] = w;
      return used + 1;
    }
  }
}

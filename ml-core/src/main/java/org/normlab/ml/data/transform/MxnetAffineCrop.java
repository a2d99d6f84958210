package org.normlab.ml.data.transform;

import java.util.random.RandomGenerator;

/**
 * MXNet's ImageRecordIter default augmenter with scale and aspect jitter and rand_crop (no
 * rotation, no shear): a scale s in [minScale, maxScale] and an aspect ratio r in [1 - maxAspect,
 * 1 + maxAspect] give the affine x' = hs x + tx, y' = ws y + ty with hs = 2s / (1 + r), ws = r hs,
 * into an image of (int) (s W) x (int) (s H) whose translation centres the scaled content; cv2's
 * warpAffine fills what falls outside the source with {@code fill}; then a random {@code size}
 * crop of that image (y offset drawn before x).
 *
 * <p>The seed's images are stored with the shorter side {@code storedShorterSide} (480 for 224).
 * Ours may be stored at any size, so the warp reads the source through a virtual cv2 resize to
 * that shorter side (MXNet's integer sizes, half-pixel centres) composed into the same affine: one
 * bilinear sampling instead of im2rec's resize plus the iterator's warp; identical to the seed's
 * warp when the source is stored at that size.
 *
 * <p>Sampling is current OpenCV's (4.11 and later) bilinear warpAffine: source positions in float,
 * constant border, rounded to the nearest level. The OpenCV MXNet was built with quantized positions
 * to 1/32 pixel and weights to 1/32768, which moves a value by a few levels at most, at sharp
 * edges. Only the crop is computed, and only the source rows and columns it reaches are decoded.
 */
record MxnetAffineCrop(
    int size, int storedShorterSide, float minScale, float maxScale, float maxAspect, int fill) {

  /** IBN-Net.mxnet's --aug-level 2 at the papers' 224 (seeds-spec F.4; fill_value 127). */
  static MxnetAffineCrop ibnNet(int size) {
    return new MxnetAffineCrop(size, storedShorterSideFor(size), 0.667f, 1f, 0.25f, 127);
  }

  /** train_480_q90.rec's shorter side, in proportion for other crops. */
  static int storedShorterSideFor(int size) {
    return (int) Math.round(size * 480.0 / ImagePipelines.PAPER_SIZE);
  }

  /** One sample's draws: scale, aspect ratio, crop offsets in the warped image. */
  record Draw(float scale, float ratio, int top, int left) {}

  /** Draws as MXNet: scale, ratio, then the crop's y and x, for a source of the given size. */
  Draw draw(int height, int width, RandomGenerator random) {
    int[] stored = storedSize(height, width);
    float scale = random.nextFloat() * (maxScale - minScale) + minScale;
    float ratio = random.nextFloat() * maxAspect * 2 - maxAspect + 1;
    int warpedWidth = (int) (scale * stored[1]);
    int warpedHeight = (int) (scale * stored[0]);
    if (warpedWidth < size || warpedHeight < size) {
      throw new IllegalStateException(
          "the warped image " + warpedHeight + "x" + warpedWidth + " is smaller than the crop " + size);
    }
    int top = random.nextInt(warpedHeight - size + 1);
    int left = random.nextInt(warpedWidth - size + 1);
    return new Draw(scale, ratio, top, left);
  }

  /** {height, width} after MXNet's shorter-side resize ({@code resize * long / short}, floored). */
  int[] storedSize(int height, int width) {
    if (height > width) {
      return new int[] {(int) ((long) storedShorterSide * height / width), storedShorterSide};
    }
    return new int[] {storedShorterSide, (int) ((long) storedShorterSide * width / height)};
  }

  /** The augmented crop: draws, then decodes only the source region the crop reads. */
  RgbImage apply(ImageSource source, RandomGenerator random) {
    Draw draw = draw(source.height(), source.width(), random);
    return warp(source, draw);
  }

  /** The crop for fixed draws. */
  RgbImage warp(ImageSource source, Draw draw) {
    double[] inverse = inverseMap(source.height(), source.width(), draw);
    // No rotation or shear: a column's source x depends on x' alone, a row's source y on y'.
    Axis columns = Axis.of((float) inverse[0], (float) inverse[2], draw.left(), size);
    Axis rows = Axis.of((float) inverse[4], (float) inverse[5], draw.top(), size);
    int top = Math.max(0, rows.low[0]);
    int left = Math.max(0, columns.low[0]);
    int bottom = Math.min(source.height() - 1, rows.low[size - 1] + 1);
    int right = Math.min(source.width() - 1, columns.low[size - 1] + 1);
    byte[] out = new byte[size * size * 3];
    if (top > bottom || left > right) {
      java.util.Arrays.fill(out, (byte) fill);
      return new RgbImage(size, size, out);
    }
    RgbImage region = source.region(new CropBox(top, left, bottom - top + 1, right - left + 1));
    sample(region, top, left, source.height(), source.width(), rows, columns, out);
    return new RgbImage(size, size, out);
  }

  /** Per output coordinate: the source pixel left of (above) it and the weight of the next one. */
  private record Axis(int[] low, double[] weight) {

    /** Source position {@code scale * (start + i) + offset} in float, as OpenCV's warp. */
    static Axis of(float scale, float offset, int start, int count) {
      int[] low = new int[count];
      double[] weight = new double[count];
      for (int i = 0; i < count; i++) {
        float position = scale * (start + i) + offset;
        int floor = (int) Math.floor(position);
        low[i] = floor;
        weight[i] = position - floor;
      }
      return new Axis(low, weight);
    }
  }

  /** Bilinear with a constant border outside the source (the region is all the crop reads). */
  private void sample(RgbImage region, int top, int left, int height, int width, Axis rows, Axis columns,
      byte[] out) {
    byte[] px = region.pixels();
    int stride = region.width() * 3;
    int o = 0;
    for (int i = 0; i < size; i++) {
      int sy = rows.low[i];
      double wy = rows.weight[i];
      boolean y0In = sy >= 0 && sy < height;
      boolean y1In = sy + 1 >= 0 && sy + 1 < height;
      for (int j = 0; j < size; j++, o += 3) {
        int sx = columns.low[j];
        double wx = columns.weight[j];
        boolean x0In = sx >= 0 && sx < width;
        boolean x1In = sx + 1 >= 0 && sx + 1 < width;
        if (!(y0In || y1In) || !(x0In || x1In)) {
          out[o] = (byte) fill;
          out[o + 1] = (byte) fill;
          out[o + 2] = (byte) fill;
          continue;
        }
        int base = (sy - top) * stride + (sx - left) * 3;
        for (int c = 0; c < 3; c++) {
          int p00 = y0In && x0In ? px[base + c] & 0xff : fill;
          int p01 = y0In && x1In ? px[base + 3 + c] & 0xff : fill;
          int p10 = y1In && x0In ? px[base + stride + c] & 0xff : fill;
          int p11 = y1In && x1In ? px[base + stride + 3 + c] & 0xff : fill;
          double v = (p00 * (1 - wx) + p01 * wx) * (1 - wy) + (p10 * (1 - wx) + p11 * wx) * wy;
          out[o + c] = (byte) Math.max(0, Math.min(255, (int) Math.rint(v)));
        }
      }
    }
  }

  /**
   * The inverse map (warped x, y) -&gt; source x, y as {a, b, c, d, e, f}: x = a x' + b y' + c, y =
   * d x' + e y' + f. MXNet's forward matrix is built in float, inverted in double as OpenCV's
   * invertAffineTransform, then composed with the virtual resize from the source to the stored size.
   */
  double[] inverseMap(int height, int width, Draw draw) {
    int[] stored = storedSize(height, width);
    float hs = 2 * draw.scale() / (1 + draw.ratio());
    float ws = draw.ratio() * hs;
    float warpedWidth = draw.scale() * stored[1];
    float warpedHeight = draw.scale() * stored[0];
    float tx = (warpedWidth - hs * stored[1]) / 2;
    float ty = (warpedHeight - ws * stored[0]) / 2;
    // Inverse of [[hs, 0, tx], [0, ws, ty]] as invertAffineTransform computes it.
    double d = 1.0 / ((double) hs * ws);
    double a = ws * d;
    double e = hs * d;
    double c = -a * tx;
    double f = -e * ty;
    // cv2.resize's half-pixel mapping from the stored size back to the source.
    double fx = (double) width / stored[1];
    double fy = (double) height / stored[0];
    if (fx == 1.0 && fy == 1.0) {
      return new double[] {a, 0, c, 0, e, f};
    }
    return new double[] {a * fx, 0, (c + 0.5) * fx - 0.5, 0, e * fy, (f + 0.5) * fy - 0.5};
  }
}

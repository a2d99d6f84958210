package org.normlab.ml.data.transform;

import java.util.random.RandomGenerator;

/**
 * MXNet's ImageRecordIter colour augmentation (random_h, random_s, random_l): the crop goes to
 * OpenCV's 8-bit HLS, one offset per channel is added to every pixel and clamped (hue to [0, 180],
 * lightness and saturation to [0, 255]), and the result goes back to RGB. Each offset is {@code
 * (int) (u * 2m - m)} for a uniform float u, truncated toward zero as MXNet's C++ does, so it lies
 * in [-m, m].
 */
record HslJitter(int maxHue, int maxSaturation, int maxLightness) {

  /** IBN-Net.mxnet's --aug-level 2: random_h 36, random_s 50, random_l 50 (seeds-spec F.4). */
  static final HslJitter IBN_NET_MXNET = new HslJitter(36, 50, 50);

  /** The offsets one sample gets, drawn in MXNet's order (hue, saturation, lightness). */
  record Offsets(int hue, int saturation, int lightness) {}

  Offsets draw(RandomGenerator random) {
    int h = offset(random, maxHue);
    int s = offset(random, maxSaturation);
    int l = offset(random, maxLightness);
    return new Offsets(h, s, l);
  }

  private static int offset(RandomGenerator random, int max) {
    return (int) (random.nextFloat() * max * 2 - max);
  }

  RgbImage apply(RgbImage image, RandomGenerator random) {
    return apply(image, draw(random));
  }

  /** The image with fixed offsets added in HLS; a new image, the input is left as it is. */
  static RgbImage apply(RgbImage image, Offsets offsets) {
    byte[] in = image.pixels();
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i += 3) {
      int hls = OpencvHls.fromRgb(in[i] & 0xff, in[i + 1] & 0xff, in[i + 2] & 0xff);
      int h = clamp((hls >>> 16) + offsets.hue(), 180);
      int l = clamp(((hls >>> 8) & 0xff) + offsets.lightness(), 255);
      int s = clamp((hls & 0xff) + offsets.saturation(), 255);
      int rgb = OpencvHls.toRgb(h, l, s);
      out[i] = (byte) (rgb >>> 16);
      out[i + 1] = (byte) (rgb >>> 8);
      out[i + 2] = (byte) rgb;
    }
    return new RgbImage(image.height(), image.width(), out);
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(max, v));
  }
}

package org.normlab.ml.data.transform;

/**
 * OpenCV's 8-bit RGB &lt;-&gt; HLS (cvtColor COLOR_RGB2HLS / COLOR_HLS2RGB): hue in half degrees
 * [0, 180] (180 only where a hue just below 360 degrees rounds up), lightness and saturation
 * 0-255, computed in float as OpenCV's scalar path and rounded half to even. A colour is packed
 * as {@code (c0 << 16) | (c1 << 8) | c2}, so converting a pixel allocates nothing.
 */
final class OpencvHls {

  private OpencvHls() {}

  /** The packed (H, L, S) of an RGB colour. */
  static int fromRgb(int red, int green, int blue) {
    float r = red * (1f / 255f);
    float g = green * (1f / 255f);
    float b = blue * (1f / 255f);
    float vmax = Math.max(Math.max(r, g), b);
    float vmin = Math.min(Math.min(r, g), b);
    float l = (vmax + vmin) * 0.5f;
    float diff = vmax - vmin;
    float h = 0f;
    float s = 0f;
    if (diff > Math.ulp(1f)) {
      s = l < 0.5f ? diff / (vmax + vmin) : diff / (2f - vmax - vmin);
      float sixty = 60f / diff;
      if (vmax == r) {
        h = (g - b) * sixty;
      } else if (vmax == g) {
        h = (b - r) * sixty + 120f;
      } else {
        h = (r - g) * sixty + 240f;
      }
      if (h < 0f) {
        h += 360f;
      }
    }
    return (toByte(h * 0.5f) << 16) | (toByte(l * 255f) << 8) | toByte(s * 255f);
  }

  /** Which of {p2, p1, falling, rising} each of B, G, R takes in each 60-degree sector. */
  private static final int[][] SECTORS = {
    {1, 3, 0}, {1, 0, 2}, {3, 0, 1}, {0, 2, 1}, {0, 1, 3}, {2, 1, 0}
  };

  /** The packed (R, G, B) of an 8-bit HLS colour. */
  static int toRgb(int hue, int lightness, int saturation) {
    float l = lightness * (1f / 255f);
    float s = saturation * (1f / 255f);
    if (s == 0f) {
      int v = toByte(l * 255f);
      return (v << 16) | (v << 8) | v;
    }
    float p2 = l <= 0.5f ? l * (1 + s) : l + s - l * s;
    float p1 = 2 * l - p2;
    float h = hue * (6f / 180f);
    while (h >= 6f) {
      h -= 6f;
    }
    int sector = (int) Math.floor(h);
    h -= sector;
    float falling = p1 + (p2 - p1) * (1 - h);
    float rising = p1 + (p2 - p1) * h;
    int[] pick = SECTORS[sector];
    float b = pick(pick[0], p2, p1, falling, rising);
    float g = pick(pick[1], p2, p1, falling, rising);
    float r = pick(pick[2], p2, p1, falling, rising);
    return (toByte(r * 255f) << 16) | (toByte(g * 255f) << 8) | toByte(b * 255f);
  }

  private static float pick(int index, float p2, float p1, float falling, float rising) {
    return switch (index) {
      case 0 -> p2;
      case 1 -> p1;
      case 2 -> falling;
      default -> rising;
    };
  }

  /** OpenCV's saturate_cast&lt;uchar&gt;(float): round half to even, clamp to 0-255. */
  private static int toByte(float v) {
    int rounded = (int) Math.rint(v);
    return Math.max(0, Math.min(255, rounded));
  }
}

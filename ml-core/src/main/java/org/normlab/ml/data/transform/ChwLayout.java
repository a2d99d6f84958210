package org.normlab.ml.data.transform;

/** How an 8-bit RGB image becomes the network's channels-first float input. */
public enum ChwLayout {

  /** torchvision's ToTensor + Normalize with ImageNet's RGB mean and std (IBN-Net). */
  RGB_IMAGENET_STANDARDIZED {
    @Override
    float value(RgbImage image, int c, int y, int x) {
      return (image.at(y, x, c) / 255f - MEAN[c]) / STD[c];
    }
  },

  /**
   * MXNet's ImageRecordIter without mean, std or scale (IBN-Net.mxnet): channels R, G, B, values
   * 0-255; the network's first BatchNorm ({@code bn_data}) standardizes.
   */
  RGB_0_255 {
    @Override
    float value(RgbImage image, int c, int y, int x) {
      return image.at(y, x, c);
    }
  },

  /** MABN's ToBGRTensor: channels B, G, R, values 0-255, no mean or std. */
  BGR_0_255 {
    @Override
    float value(RgbImage image, int c, int y, int x) {
      return image.at(y, x, 2 - c);
    }
  };

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  abstract float value(RgbImage image, int c, int y, int x);

  /** (3, height, width) floats, row-major: one table lookup per value. */
  public float[] toChw(RgbImage image) {
    int plane = image.height() * image.width();
    byte[] hwc = image.pixels();
    float[] out = new float[3 * plane];
    float[][] tables = tables();
    for (int c = 0; c < 3; c++) {
      float[] table = tables[c];
      int source = sourceChannel(c);
      int base = c * plane;
      for (int p = 0, q = source; p < plane; p++, q += 3) {
        out[base + p] = table[hwc[q] & 0xff];
      }
    }
    return out;
  }

  /** Which RGB channel feeds output channel {@code c}. */
  private int sourceChannel(int c) {
    return this == BGR_0_255 ? 2 - c : c;
  }

  /** Per output channel, the float of each byte value, computed once as {@link #value} does. */
  private float[][] tables() {
    float[][] tables = TABLES.get(this);
    if (tables == null) {
      tables = new float[3][256];
      for (int c = 0; c < 3; c++) {
        for (int v = 0; v < 256; v++) {
          RgbImage pixel = new RgbImage(1, 1, new byte[] {(byte) v, (byte) v, (byte) v});
          tables[c][v] = value(pixel, c, 0, 0);
        }
      }
      TABLES.put(this, tables);
    }
    return tables;
  }

  private static final java.util.Map<ChwLayout, float[][]> TABLES =
      new java.util.concurrent.ConcurrentHashMap<>();
}

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

  /** (3, height, width) floats, row-major. */
  public float[] toChw(RgbImage image) {
    int plane = image.height() * image.width();
    float[] out = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < image.height(); y++) {
        for (int x = 0; x < image.width(); x++) {
          out[c * plane + y * image.width() + x] = value(image, c, y, x);
        }
      }
    }
    return out;
  }
}

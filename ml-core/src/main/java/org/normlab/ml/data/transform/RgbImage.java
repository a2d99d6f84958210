package org.normlab.ml.data.transform;

import java.util.Objects;

/**
 * An 8-bit RGB image, rows of interleaved R, G, B bytes (height x width x 3, as PIL and numpy hold a
 * decoded image). Transforms return new images and never modify their input.
 */
public record RgbImage(int height, int width, byte[] pixels) implements ImageSource {

  public RgbImage {
    Objects.requireNonNull(pixels, "pixels");
    if (height < 1 || width < 1 || pixels.length != height * width * 3) {
      throw new IllegalArgumentException(
          "an RgbImage of " + height + "x" + width + " needs " + height * width * 3L
              + " bytes, got " + pixels.length);
    }
  }

  /** Channel {@code c} (0 R, 1 G, 2 B) of pixel (y, x), 0-255. */
  public int at(int y, int x, int c) {
    return pixels[(y * width + x) * 3 + c] & 0xff;
  }

  /**
   * The {@code box} region; parts of it outside the image are black, as MABN's zero-padded crop
   * (cv2.copyMakeBorder with BORDER_CONSTANT 0).
   */
  public RgbImage crop(CropBox box) {
    byte[] out = new byte[box.height() * box.width() * 3];
    for (int y = 0; y < box.height(); y++) {
      int sy = box.top() + y;
      if (sy < 0 || sy >= height) {
        continue;
      }
      for (int x = 0; x < box.width(); x++) {
        int sx = box.left() + x;
        if (sx >= 0 && sx < width) {
          System.arraycopy(pixels, (sy * width + sx) * 3, out, (y * box.width() + x) * 3, 3);
        }
      }
    }
    return new RgbImage(box.height(), box.width(), out);
  }

  @Override
  public RgbImage whole() {
    return this;
  }

  @Override
  public RgbImage region(CropBox box) {
    return crop(box);
  }

  /** Mirrored left to right. */
  public RgbImage flipHorizontal() {
    byte[] out = new byte[pixels.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        System.arraycopy(pixels, (y * width + x) * 3, out, (y * width + width - 1 - x) * 3, 3);
      }
    }
    return new RgbImage(height, width, out);
  }

  /**
   * The {@code size} x {@code size} center: offsets rounded half to even, as torchvision's
   * CenterCrop ({@code int(round((h - size) / 2.0))}).
   */
  public RgbImage centerCrop(int size) {
    int top = (int) Math.rint((height - size) / 2.0);
    int left = (int) Math.rint((width - size) / 2.0);
    return crop(new CropBox(top, left, size, size));
  }
}

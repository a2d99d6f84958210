package org.normlab.ml.data.transform;

/** A crop region in pixels; it may reach outside the image (see {@link RgbImage#crop}). */
public record CropBox(int top, int left, int height, int width) {

  public CropBox {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("a crop needs a positive size, got " + height + "x" + width);
    }
  }
}

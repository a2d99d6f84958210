package org.normlab.ml.detection.model;

/** The size of an image inside its padded batch: boxes are clipped to it, masks pasted into it. */
public record ImageSize(int height, int width) {

  public ImageSize {
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
    }
  }
}

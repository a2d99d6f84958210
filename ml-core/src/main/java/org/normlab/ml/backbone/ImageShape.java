package org.normlab.ml.backbone;

import ai.djl.ndarray.types.Shape;

/** The (C, H, W) shape of one input image; backbones adapt their stem to it. */
public record ImageShape(int channels, int height, int width) {

  public ImageShape {
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "image shape must be positive, got " + channels + "x" + height + "x" + width);
    }
  }

  /** The (N, C, H, W) shape of a batch of {@code batchSize} such images. */
  public Shape batchOf(long batchSize) {
    return new Shape(batchSize, channels, height, width);
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}

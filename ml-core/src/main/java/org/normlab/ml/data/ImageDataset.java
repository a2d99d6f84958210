package org.normlab.ml.data;

import java.util.Objects;

/**
 * One split held in memory as unsigned bytes (N x C x H x W, channel-major per image), with its
 * labels. Standardization happens when a batch is assembled, so the split costs one byte per pixel.
 */
public final class ImageDataset {

  private final String name;
  private final Split split;
  private final int channels;
  private final int height;
  private final int width;
  private final int numClasses;
  private final byte[] pixels;
  private final byte[] labels;
  private final PixelStatistics statistics;

  ImageDataset(
      String name,
      Split split,
      int channels,
      int height,
      int width,
      int numClasses,
      byte[] pixels,
      byte[] labels,
      PixelStatistics statistics) {
    this.name = Objects.requireNonNull(name);
    this.split = Objects.requireNonNull(split);
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.numClasses = numClasses;
    this.pixels = pixels;
    this.labels = labels;
    this.statistics = statistics;
    if ((long) labels.length * imageSize() != pixels.length) {
      throw new IllegalArgumentException(
          name
              + "/"
              + split.label()
              + ": "
              + labels.length
              + " labels for "
              + pixels.length
              + " pixel bytes of "
              + imageSize()
              + "-byte images");
    }
    for (int i = 0; i < labels.length; i++) {
      int label = Byte.toUnsignedInt(labels[i]);
      if (label >= numClasses) {
        throw new IllegalArgumentException(
            name
                + "/"
                + split.label()
                + ": label "
                + label
                + " at index "
                + i
                + " is not below "
                + numClasses
                + " classes");
      }
    }
  }

  public String name() {
    return name;
  }

  public Split split() {
    return split;
  }

  public int size() {
    return labels.length;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public int numClasses() {
    return numClasses;
  }

  public PixelStatistics statistics() {
    return statistics;
  }

  /** Values per image: channels x height x width. */
  public int imageSize() {
    return channels * height * width;
  }

  public int label(int index) {
    return Byte.toUnsignedInt(labels[index]);
  }

  /** The raw byte value of one pixel. */
  public int pixel(int index, int channel, int row, int column) {
    return Byte.toUnsignedInt(
        pixels[index * imageSize() + (channel * height + row) * width + column]);
  }

  /** All pixel bytes, image after image; standardization is the batch assembler's job. */
  byte[] pixelBytes() {
    return pixels;
  }
}

package org.normlab.ml.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;

/** Turns sample indices into standardized float32 images (N, C, H, W) and int64 labels (N). */
public final class BatchAssembler {

  private final ImageDataset dataset;
  private final float[][] tables;

  public BatchAssembler(ImageDataset dataset) {
    this.dataset = dataset;
    PixelStatistics statistics = dataset.statistics();
    this.tables = new float[dataset.channels()][];
    for (int c = 0; c < tables.length; c++) {
      tables[c] = statistics.lookupTable(c);
    }
  }

  /** A batch of images and labels created on {@code manager} (and its device). */
  public record Batch(NDArray images, NDArray labels) {
    public int size() {
      return Math.toIntExact(labels.size());
    }
  }

  public Batch assemble(NDManager manager, int[] indices) {
    int plane = dataset.height() * dataset.width();
    int imageSize = dataset.imageSize();
    byte[] pixels = dataset.pixelBytes();
    float[] values = new float[indices.length * imageSize];
    long[] labels = new long[indices.length];
    for (int b = 0; b < indices.length; b++) {
      int source = indices[b] * imageSize;
      int target = b * imageSize;
      for (int c = 0; c < tables.length; c++) {
        float[] table = tables[c];
        int base = c * plane;
        for (int p = 0; p < plane; p++) {
          values[target + base + p] = table[pixels[source + base + p] & 0xff];
        }
      }
      labels[b] = dataset.label(indices[b]);
    }
    Shape shape = new Shape(indices.length, dataset.channels(), dataset.height(), dataset.width());
    return new Batch(manager.create(FloatBuffer.wrap(values), shape), manager.create(labels));
  }

  /** Indices {@code from .. from+count-1}, for sequential evaluation. */
  public static int[] range(int from, int count) {
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = from + i;
    }
    return indices;
  }
}

package org.normlab.ml.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A tensor as a weight file holds it: element type, shape (empty for a scalar) and little-endian,
 * C-order bytes. The file readers and writers work on these, not on NDArrays, so a file is fully
 * validated before anything native is allocated. Arrays are not copied: treat them as read-only.
 * Equality compares contents.
 */
public record HostTensor(ElementType type, long[] shape, byte[] data) {

  public HostTensor {
    long expected = type.bytes() * elementCount(shape);
    if (data.length != expected) {
      throw new IllegalArgumentException(
          "a "
              + type
              + " tensor of shape "
              + Arrays.toString(shape)
              + " needs "
              + expected
              + " bytes, got "
              + data.length);
    }
  }

  /** Elements of a shape; 1 for a scalar. */
  public static long elementCount(long[] shape) {
    long count = 1;
    for (long dim : shape) {
      if (dim < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      count = Math.multiplyExact(count, dim);
    }
    return count;
  }

  public Shape djlShape() {
    return new Shape(shape);
  }

  /** The values of {@code array} (copied to the host). */
  public static HostTensor of(NDArray array, String key) {
    ElementType type = ElementType.of(array.getDataType(), key);
    ByteBuffer buffer = littleEndian(Math.toIntExact(array.size() * type.bytes()));
    switch (type) {
      case FLOAT32 -> buffer.asFloatBuffer().put(array.toFloatArray());
      case FLOAT64 -> buffer.asDoubleBuffer().put(array.toDoubleArray());
      case INT64 -> buffer.asLongBuffer().put(array.toLongArray());
    }
    return new HostTensor(type, array.getShape().getShape(), buffer.array());
  }

  /** An int64 scalar, as PyTorch stores {@code num_batches_tracked}. */
  public static HostTensor int64Scalar(long value) {
    ByteBuffer buffer = littleEndian(Long.BYTES);
    buffer.putLong(value);
    return new HostTensor(ElementType.INT64, new long[0], buffer.array());
  }

  /**
   * A new array on {@code manager} holding these values as {@code target} (float64 values are
   * rounded to float32 when asked).
   *
   * @throws IllegalArgumentException when the types do not convert (see {@link
   *     ElementType#convertsTo})
   */
  public NDArray toArray(NDManager manager, ElementType target) {
    if (!type.convertsTo(target)) {
      throw new IllegalArgumentException(type + " values cannot be loaded as " + target);
    }
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    Shape djlShape = djlShape();
    int count = Math.toIntExact(elementCount(shape));
    return switch (target) {
      case FLOAT32 -> manager.create(floats(buffer, count), djlShape);
      case FLOAT64 -> manager.create(doubles(buffer, count), djlShape);
      case INT64 -> {
        long[] values = new long[count];
        buffer.asLongBuffer().get(values);
        yield manager.create(values, djlShape);
      }
    };
  }

  private float[] floats(ByteBuffer buffer, int count) {
    float[] values = new float[count];
    if (type == ElementType.FLOAT32) {
      buffer.asFloatBuffer().get(values);
    } else {
      for (int i = 0; i < count; i++) {
        values[i] = (float) buffer.getDouble(i * Double.BYTES);
      }
    }
    return values;
  }

  private double[] doubles(ByteBuffer buffer, int count) {
    double[] values = new double[count];
    if (type == ElementType.FLOAT64) {
      buffer.asDoubleBuffer().get(values);
    } else {
      for (int i = 0; i < count; i++) {
        values[i] = buffer.getFloat(i * Float.BYTES);
      }
    }
    return values;
  }

  private static ByteBuffer littleEndian(int bytes) {
    return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Equal when type, shape and bytes are (records compare array components by identity). */
  @Override
  public boolean equals(Object other) {
    return other instanceof HostTensor that
        && type == that.type
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * type.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return type + Arrays.toString(shape);
  }
}

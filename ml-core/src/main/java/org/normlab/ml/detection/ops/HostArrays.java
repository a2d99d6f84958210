package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Copies of arrays on the host that leave no converted array behind in the caller's scope. */
final class HostArrays {

  private HostArrays() {}

  static float[] floats(NDArray array) {
    if (array.getDataType() == DataType.FLOAT32) {
      return array.toFloatArray();
    }
    try (NDArray converted = array.toType(DataType.FLOAT32, true)) {
      return converted.toFloatArray();
    }
  }

  static long[] longs(NDArray array) {
    if (array.getDataType() == DataType.INT64) {
      return array.toLongArray();
    }
    try (NDArray converted = array.toType(DataType.INT64, true)) {
      return converted.toLongArray();
    }
  }
}

package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The un-normalized layers of the heads (DJL's own, with biases) and a one-array apply. */
final class HeadLayers {

  private HeadLayers() {}

  /** A square convolution with "same" padding for odd kernels. */
  static Block conv(int kernel, int filters, boolean bias) {
    return Conv2d.builder()
        .setKernelShape(new Shape(kernel, kernel))
        .setFilters(filters)
        .optPadding(new Shape(kernel / 2, kernel / 2))
        .optBias(bias)
        .build();
  }

  /** A 2x2 stride-2 transposed convolution: doubles height and width. */
  static Block deconv2x(int filters) {
    return new Deconv2x(filters);
  }

  static Block linear(int units) {
    return Linear.builder().setUnits(units).build();
  }

  static NDArray apply(
      Block block,
      ParameterStore store,
      NDArray x,
      boolean training,
      PairList<String, Object> params) {
    return block.forward(store, new NDList(x), training, params).singletonOrThrow();
  }
}

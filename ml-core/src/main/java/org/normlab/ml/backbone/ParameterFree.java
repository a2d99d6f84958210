package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.function.UnaryOperator;

/**
 * A parameter-free step (ReLU, pooling) that sits in a named sequence, as {@code relu0} and {@code
 * pool0} sit in torchvision's {@code features}. Its output shape is computed, not probed, so
 * initialization runs no forward pass.
 */
final class ParameterFree extends AbstractBlock {

  private static final byte VERSION = 1;

  private final UnaryOperator<NDArray> function;
  private final UnaryOperator<Shape> shape;

  private ParameterFree(UnaryOperator<NDArray> function, UnaryOperator<Shape> shape) {
    super(VERSION);
    this.function = function;
    this.shape = shape;
  }

  static ParameterFree relu() {
    return new ParameterFree(Activation::relu, s -> s);
  }

  /** 3x3 / stride 2 / pad 1 max pool, as in the ImageNet stems: ceil(n / 2) per side. */
  static ParameterFree maxPool3x3Stride2() {
    return new ParameterFree(
        x -> Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false),
        s -> new Shape(s.get(0), s.get(1), (s.get(2) + 1) / 2, (s.get(3) + 1) / 2));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return new NDList(function.apply(inputs.singletonOrThrow()));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {shape.apply(inputShapes[0])};
  }
}

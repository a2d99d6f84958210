package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;

/**
 * Shared shape of our norm layers: input (N, C, ...) with C fixed at construction, and a
 * per-channel affine pair named as in PyTorch ({@code weight} = 1, {@code bias} = 0), so state keys
 * read {@code layer1.0.bn1.weight}.
 */
abstract class AffineNorm extends AbstractBlock {

  private static final byte VERSION = 1;

  protected final int channels;
  protected final float eps;
  protected final Parameter weight;
  protected final Parameter bias;

  AffineNorm(int channels, float eps) {
    super(VERSION);
    if (channels < 1) {
      throw new IllegalArgumentException("channels must be >= 1, got " + channels);
    }
    this.channels = channels;
    this.eps = eps;
    this.weight =
        addParameter(
            Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(channels))
                .build());
    this.bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BETA)
                .optShape(new Shape(channels))
                .build());
  }

  public int channels() {
    return channels;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  /** Fails with the layer's and the input's shape when the input is not (N, C, ...). */
  protected void checkInput(NDArray x) {
    Shape shape = x.getShape();
    if (shape.dimension() < 2 || shape.get(1) != channels) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + " over " + channels + " channels got input " + shape);
    }
  }

  /** Shape (1, C, 1, ...) of the input's rank, to broadcast per-channel values. */
  protected Shape channelShape(Shape input) {
    long[] dims = new long[input.dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[1] = channels;
    return new Shape(dims);
  }
}

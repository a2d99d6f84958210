package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.nn.NamedSequentialBlock;

/**
 * Squeeze-and-excitation gate (seeds-spec A.1 {@code SELayer}): global average pool, {@code fc} =
 * bias-free Linear(C, C/16), ReLU, bias-free Linear(C/16, C), sigmoid, then the input scaled per
 * channel. State keys {@code fc.0.weight} and {@code fc.2.weight}, as in the official models.
 */
final class SqueezeExcite extends AbstractBlock {

  private static final byte VERSION = 1;

  /** Squeeze ratio of SE-ResNet. */
  static final int REDUCTION = 16;

  private final int channels;
  private final Block fc;

  SqueezeExcite(int channels) {
    super(VERSION);
    int squeezed = channels / REDUCTION;
    if (squeezed < 1) {
      throw new IllegalArgumentException(
          "squeeze-and-excitation needs at least " + REDUCTION + " channels, got " + channels);
    }
    this.channels = channels;
    fc =
        addChildBlock(
            "fc",
            new NamedSequentialBlock()
                .add("0", Linear.builder().setUnits(squeezed).optBias(false).build())
                .add("1", Activation.reluBlock())
                .add("2", Linear.builder().setUnits(channels).optBias(false).build())
                .add("3", Activation.sigmoidBlock()));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    long batch = x.getShape().get(0);
    NDArray squeezed = Pool.globalAvgPool2d(x).reshape(batch, channels);
    NDArray gate = Layers.apply(fc, store, squeezed, training, params);
    return new NDList(x.mul(gate.reshape(batch, channels, 1, 1)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    fc.initialize(manager, dataType, new Shape(inputShapes[0].get(0), channels));
  }
}

package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.norm.NormSite;

/**
 * torchvision's {@code _Transition} between dense blocks: norm - ReLU - conv 1x1 (outChannels, half
 * the input in DenseNet-BC) - 2x2 average pool.
 */
final class Transition extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block norm;
  private final Block conv;

  Transition(int inChannels, int outChannels, BlockPosition position, NormPolicy norms) {
    super(VERSION);
    norm = addChildBlock("norm", Layers.norm(norms, NormSite.TRANSITION, position, inChannels));
    conv = addChildBlock("conv", Layers.conv(norms, 1, outChannels, 1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x =
        Activation.relu(Layers.apply(norm, store, inputs.singletonOrThrow(), training, params));
    x = Layers.apply(conv, store, x, training, params);
    return new NDList(
        Pool.avgPool2d(x, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape s = conv.getOutputShapes(inputShapes)[0];
    return new Shape[] {new Shape(s.get(0), s.get(1), s.get(2) / 2, s.get(3) / 2)};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Layers.initialize(norm, manager, dataType, inputShapes);
    Layers.initialize(conv, manager, dataType, inputShapes);
  }
}

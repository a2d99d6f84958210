package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.norm.NormSite;

/**
 * torchvision's {@code _DenseLayer} (DenseNet-BC, no dropout), pre-activation: norm1 - ReLU - conv1
 * 1x1 (bottleneckWidth x growth) - norm2 - ReLU - conv2 3x3 (growth). Returns only the {@code
 * growth} new channels; {@link DenseBlock} concatenates them to its running input.
 */
final class DenseLayer extends AbstractBlock {

  /** DenseNet-BC's bottleneck: conv1 has 4 x growth filters. */
  static final int BOTTLENECK_WIDTH = 4;

  private static final byte VERSION = 1;

  private final Block norm1;
  private final Block conv1;
  private final Block norm2;
  private final Block conv2;

  DenseLayer(int inChannels, int growth, BlockPosition position, NormPolicy norms) {
    super(VERSION);
    int width = BOTTLENECK_WIDTH * growth;
    norm1 = addChildBlock("norm1", Layers.norm(norms, NormSite.BLOCK_INPUT, position, inChannels));
    conv1 = addChildBlock("conv1", Layers.conv(norms, 1, width, 1));
    norm2 = addChildBlock("norm2", Layers.norm(norms, NormSite.CONV1, position, width));
    conv2 = addChildBlock("conv2", Layers.conv(norms, 3, growth, 1));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray out = Activation.relu(Layers.apply(norm1, store, x, training, params));
    out = Layers.apply(conv1, store, out, training, params);
    out = Activation.relu(Layers.apply(norm2, store, out, training, params));
    return new NDList(Layers.apply(conv2, store, out, training, params));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Layers.initialize(norm1, manager, dataType, inputShapes);
    Shape[] afterConv1 = Layers.initialize(conv1, manager, dataType, inputShapes);
    Layers.initialize(norm2, manager, dataType, afterConv1);
    Layers.initialize(conv2, manager, dataType, afterConv1);
  }
}

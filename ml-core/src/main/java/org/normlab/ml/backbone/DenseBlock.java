package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;

/**
 * torchvision's {@code _DenseBlock}: {@code denselayer1..n}, each reading the concatenation of the
 * block input and every earlier layer's output; the block returns the whole concatenation (input +
 * n x growth channels).
 */
final class DenseBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final List<Block> layers = new ArrayList<>();
  private final int growth;

  /**
   * @param stage 1-based block number, the {@link BlockPosition#stage()} its norms are asked for
   */
  DenseBlock(int stage, int layerCount, int inChannels, int growth, NormPolicy norms) {
    super(VERSION);
    this.growth = growth;
    for (int index = 0; index < layerCount; index++) {
      BlockPosition position = new BlockPosition(stage, index, layerCount);
      layers.add(
          addChildBlock(
              "denselayer" + (index + 1),
              new DenseLayer(inChannels + index * growth, growth, position, norms)));
    }
  }

  int outChannels(int inChannels) {
    return inChannels + layers.size() * growth;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray features = inputs.singletonOrThrow();
    for (Block layer : layers) {
      NDArray added = Layers.apply(layer, store, features, training, params);
      features = features.concat(added, 1);
    }
    return new NDList(features);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), outChannels((int) in.get(1)), in.get(2), in.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    for (int index = 0; index < layers.size(); index++) {
      Shape layerInput =
          new Shape(in.get(0), in.get(1) + (long) index * growth, in.get(2), in.get(3));
      layers.get(index).initialize(manager, dataType, layerInput);
    }
  }
}

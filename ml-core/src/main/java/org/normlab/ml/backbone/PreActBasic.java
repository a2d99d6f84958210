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
 * The MXNet seed's pre-activation basic unit (depths 18/34): bn1 on the input - ReLU = act1 - conv1
 * 3x3 (stride) - bn2 - ReLU - conv2 3x3, plus the input or {@code sc} = 1x1 strided conv of act1.
 * The seed gives it no IBN.
 */
final class PreActBasic extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block bn1;
  private final Block conv1;
  private final Block bn2;
  private final Block conv2;
  private final Block sc;

  PreActBasic(
      int inChannels,
      int filters,
      int stride,
      boolean project,
      BlockPosition position,
      NormPolicy norms) {
    super(VERSION);
    bn1 = addChildBlock("bn1", Layers.norm(norms, NormSite.BLOCK_INPUT, position, inChannels));
    conv1 = addChildBlock("conv1", Layers.conv(norms, 3, filters, stride));
    bn2 = addChildBlock("bn2", Layers.norm(norms, NormSite.CONV1, position, filters));
    conv2 = addChildBlock("conv2", Layers.conv(norms, 3, filters, 1));
    sc = project ? addChildBlock("sc", Layers.conv(norms, 1, filters, stride)) : null;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray act1 = Activation.relu(Layers.apply(bn1, store, x, training, params));
    NDArray out = Layers.apply(conv1, store, act1, training, params);
    out = Activation.relu(Layers.apply(bn2, store, out, training, params));
    out = Layers.apply(conv2, store, out, training, params);
    NDArray shortcut = sc == null ? x : Layers.apply(sc, store, act1, training, params);
    return new NDList(out.add(shortcut));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Layers.initialize(bn1, manager, dataType, inputShapes);
    Shape[] shapes = Layers.initialize(conv1, manager, dataType, inputShapes);
    Layers.initialize(bn2, manager, dataType, shapes);
    Layers.initialize(conv2, manager, dataType, shapes);
    if (sc != null) {
      Layers.initialize(sc, manager, dataType, inputShapes);
    }
  }
}

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
 * The MXNet seed's ResNeXt unit (symbol_resnext_ibn_a[_w_d_v2].py) with its dangling conv1 wired
 * in: conv1 1x1 (filters / 2) - bn1 (IBN-a splits here) - ReLU - conv2 3x3 grouped (stride) - bn2 -
 * ReLU - conv3 1x1 (filters) - bn3, plus the input or the projection {@code sc} + {@code sc_bn}
 * (w_d_v2: 3x3 stride-2 conv when the stride is 2, else 1x1); ReLU after the sum.
 */
final class ResNeXtWdV2Unit extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block conv1;
  private final Block bn1;
  private final Block conv2;
  private final Block bn2;
  private final Block conv3;
  private final Block bn3;
  private final Block sc;
  private final Block scBn;

  ResNeXtWdV2Unit(
      int filters, int groups, int stride, boolean project, BlockPosition at, NormPolicy norms) {
    super(VERSION);
    int width = filters / 2;
    conv1 = addChildBlock("conv1", Layers.conv(norms, 1, width, 1));
    bn1 = addChildBlock("bn1", Layers.norm(norms, NormSite.CONV1, at, width));
    conv2 = addChildBlock("conv2", Layers.conv(norms, 3, width, stride, groups));
    bn2 = addChildBlock("bn2", Layers.norm(norms, NormSite.CONV2, at, width));
    conv3 = addChildBlock("conv3", Layers.conv(norms, 1, filters, 1));
    bn3 = addChildBlock("bn3", Layers.norm(norms, NormSite.CONV3, at, filters));
    if (project) {
      // SENet-style: a 3x3 stride-2 projection keeps information a strided 1x1 would skip.
      sc = addChildBlock("sc", Layers.conv(norms, stride == 2 ? 3 : 1, filters, stride));
      scBn = addChildBlock("sc_bn", Layers.norm(norms, NormSite.DOWNSAMPLE, at, filters));
    } else {
      sc = null;
      scBn = null;
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray out = Layers.apply(conv1, store, x, training, params);
    out = Activation.relu(Layers.apply(bn1, store, out, training, params));
    out = Layers.apply(conv2, store, out, training, params);
    out = Activation.relu(Layers.apply(bn2, store, out, training, params));
    out = Layers.apply(conv3, store, out, training, params);
    out = Layers.apply(bn3, store, out, training, params);
    NDArray shortcut = x;
    if (sc != null) {
      shortcut =
          Layers.apply(scBn, store, Layers.apply(sc, store, x, training, params), training, params);
    }
    return new NDList(Activation.relu(out.add(shortcut)));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv3.getOutputShapes(conv2.getOutputShapes(conv1.getOutputShapes(inputShapes)));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = Layers.initialize(conv1, manager, dataType, inputShapes);
    Layers.initialize(bn1, manager, dataType, shapes);
    shapes = Layers.initialize(conv2, manager, dataType, shapes);
    Layers.initialize(bn2, manager, dataType, shapes);
    shapes = Layers.initialize(conv3, manager, dataType, shapes);
    Layers.initialize(bn3, manager, dataType, shapes);
    if (sc != null) {
      Layers.initialize(
          scBn, manager, dataType, Layers.initialize(sc, manager, dataType, inputShapes));
    }
  }
}

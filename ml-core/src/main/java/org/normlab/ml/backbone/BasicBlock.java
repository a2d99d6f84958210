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
 * torchvision's BasicBlock: conv1 3x3 (stride) - bn1 - ReLU - conv2 3x3 - bn2, plus the shortcut
 * (identity, or {@code downsample} = 1x1 conv (stride) + norm when the shape changes), summed, then
 * [post-add norm, IBN-b's {@code IN}] and ReLU. Children carry the official names.
 */
final class BasicBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block conv1;
  private final Block bn1;
  private final Block conv2;
  private final Block bn2;
  private final Block postAdd;
  private final Block downsample;

  BasicBlock(int inChannels, int planes, int stride, BlockPosition position, NormPolicy norms) {
    super(VERSION);
    conv1 = addChildBlock("conv1", Layers.conv(norms, 3, planes, stride));
    bn1 = addChildBlock("bn1", Layers.norm(norms, NormSite.CONV1, position, planes));
    conv2 = addChildBlock("conv2", Layers.conv(norms, 3, planes, 1));
    bn2 = addChildBlock("bn2", Layers.norm(norms, NormSite.CONV2, position, planes));
    postAdd =
        norms
            .at(NormSite.POST_ADD, position)
            .map(factory -> addChildBlock("IN", factory.create(planes)))
            .orElse(null);
    if (stride != 1 || inChannels != planes) {
      downsample =
          addChildBlock(
              "downsample",
              Layers.projection(norms, position, planes, stride));
    } else {
      downsample = null;
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray out = Layers.apply(conv1, store, x, training, params);
    out = Activation.relu(Layers.apply(bn1, store, out, training, params));
    out = Layers.apply(conv2, store, out, training, params);
    out = Layers.apply(bn2, store, out, training, params);
    NDArray shortcut =
        downsample == null ? x : Layers.apply(downsample, store, x, training, params);
    out = out.add(shortcut);
    if (postAdd != null) {
      out = Layers.apply(postAdd, store, out, training, params);
    }
    return new NDList(Activation.relu(out));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv2.getOutputShapes(conv1.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] afterConv1 = Layers.initialize(conv1, manager, dataType, inputShapes);
    Layers.initialize(bn1, manager, dataType, afterConv1);
    Shape[] afterConv2 = Layers.initialize(conv2, manager, dataType, afterConv1);
    Layers.initialize(bn2, manager, dataType, afterConv2);
    if (postAdd != null) {
      Layers.initialize(postAdd, manager, dataType, afterConv2);
    }
    if (downsample != null) {
      Layers.initialize(downsample, manager, dataType, inputShapes);
    }
  }
}

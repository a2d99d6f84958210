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
 * The bottleneck unit of ResNet-50 and up, ResNeXt and SE-ResNet (torchvision v1.5 layout, stride
 * on the 3x3): conv1 1x1 - bn1 - ReLU - conv2 3x3 (stride, {@code cardinality} groups) - bn2 - ReLU
 * - conv3 1x1 to {@code 4 x planes} - bn3 - [SE gate] - plus the shortcut (identity, or {@code
 * downsample} = 1x1 conv (stride) + norm when the shape changes) - [post-add norm, IBN-b's {@code
 * IN}] - ReLU.
 *
 * <p>Children are registered in the official modules' attribute order (conv1, bn1, conv2, bn2,
 * conv3, bn3, IN, se, downsample), so state keys come out in state-dict order.
 */
final class Bottleneck extends AbstractBlock {

  static final int EXPANSION = 4;

  private static final byte VERSION = 1;

  private final Block conv1;
  private final Block bn1;
  private final Block conv2;
  private final Block bn2;
  private final Block conv3;
  private final Block bn3;
  private final Block postAdd;
  private final Block se;
  private final Block downsample;

  Bottleneck(
      int inChannels,
      int planes,
      int stride,
      BlockPosition position,
      NormPolicy norms,
      ResNetVariant variant) {
    super(VERSION);
    int width = variant.bottleneckWidth(planes);
    int outChannels = planes * EXPANSION;
    conv1 = addChildBlock("conv1", Layers.conv(norms, 1, width, 1));
    bn1 = addChildBlock("bn1", Layers.norm(norms, NormSite.CONV1, position, width));
    conv2 = addChildBlock("conv2", Layers.conv(norms, 3, width, stride, variant.cardinality()));
    bn2 = addChildBlock("bn2", Layers.norm(norms, NormSite.CONV2, position, width));
    conv3 = addChildBlock("conv3", Layers.conv(norms, 1, outChannels, 1));
    bn3 = addChildBlock("bn3", Layers.norm(norms, NormSite.CONV3, position, outChannels));
    postAdd =
        norms
            .at(NormSite.POST_ADD, position)
            .map(factory -> addChildBlock("IN", factory.create(outChannels)))
            .orElse(null);
    se = variant.squeezeExcite() ? addChildBlock("se", new SqueezeExcite(outChannels)) : null;
    if (stride != 1 || inChannels != outChannels) {
      downsample =
          addChildBlock(
              "downsample",
              Layers.projection(norms, position, outChannels, stride));
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
    out = Activation.relu(Layers.apply(bn2, store, out, training, params));
    out = Layers.apply(conv3, store, out, training, params);
    out = Layers.apply(bn3, store, out, training, params);
    if (se != null) {
      out = Layers.apply(se, store, out, training, params);
    }
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
    if (postAdd != null) {
      Layers.initialize(postAdd, manager, dataType, shapes);
    }
    if (se != null) {
      Layers.initialize(se, manager, dataType, shapes);
    }
    if (downsample != null) {
      Layers.initialize(downsample, manager, dataType, inputShapes);
    }
  }
}

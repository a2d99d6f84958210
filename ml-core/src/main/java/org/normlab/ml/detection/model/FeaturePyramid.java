package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * The feature pyramid of maskrcnn-benchmark's {@code FPN} with {@code LastLevelMaxPool}: for each
 * of C2..C5 a lateral 1x1 {@link ConvNorm} ({@code fpn_innerK}) and an output 3x3 {@link ConvNorm}
 * ({@code fpn_layerK}), both with the run's norm as the MABN configs do ({@code
 * conv_with_norm_func}). Top-down: {@code inner5 = fpn_inner4(C5)}, then {@code inner_k =
 * fpn_innerK(C_k) + nearest2x(inner_{k+1})}; {@code P_k = fpn_layerK(inner_k)}; {@code P6 =
 * max_pool(P5, kernel 1, stride 2)}. Output P2..P6, strides 4..64, {@code channels} each.
 */
final class FeaturePyramid extends AbstractBlock {

  private static final byte VERSION = 1;

  private final List<ConvNorm> inner = new ArrayList<>();
  private final List<ConvNorm> layer = new ArrayList<>();
  private final int channels;

  FeaturePyramid(DetectionNorms norms, int levels, int channels) {
    super(VERSION);
    this.channels = channels;
    for (int k = 1; k <= levels; k++) {
      inner.add(
          addChildBlock(
              "fpn_inner" + k,
              new ConvNorm(norms.convolutions(), norms.features(), 1, channels, 1, false, false)));
      layer.add(
          addChildBlock(
              "fpn_layer" + k,
              new ConvNorm(norms.convolutions(), norms.features(), 3, channels, 1, false, false)));
    }
  }

  int channels() {
    return channels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    int levels = inner.size();
    NDArray[] outputs = new NDArray[levels];
    NDArray last = apply(inner.get(levels - 1), store, inputs.get(levels - 1), training, params);
    outputs[levels - 1] = apply(layer.get(levels - 1), store, last, training, params);
    for (int k = levels - 2; k >= 0; k--) {
      NDArray lateral = apply(inner.get(k), store, inputs.get(k), training, params);
      last = lateral.add(upsampleTo(last, lateral.getShape()));
      outputs[k] = apply(layer.get(k), store, last, training, params);
    }
    NDList pyramid = new NDList(outputs);
    NDArray top = outputs[levels - 1];
    pyramid.add(Pool.maxPool2d(top, new Shape(1, 1), new Shape(2, 2), new Shape(0, 0), false));
    return pyramid;
  }

  /** Nearest-neighbour x2, cropped to the lateral's size when the sides were odd. */
  private static NDArray upsampleTo(NDArray coarse, Shape target) {
    NDArray up = coarse.repeat(2, 2).repeat(3, 2);
    long h = target.get(2);
    long w = target.get(3);
    if (up.getShape().get(2) == h && up.getShape().get(3) == w) {
      return up;
    }
    return up.get(new NDIndex(":, :, :{}, :{}", h, w));
  }

  private static NDArray apply(
      ConvNorm block,
      ParameterStore store,
      NDArray x,
      boolean training,
      PairList<String, Object> params) {
    return block.forward(store, new NDList(x), training, params).singletonOrThrow();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] out = new Shape[inputShapes.length + 1];
    for (int k = 0; k < inputShapes.length; k++) {
      Shape s = inputShapes[k];
      out[k] = new Shape(s.get(0), channels, s.get(2), s.get(3));
    }
    Shape top = out[inputShapes.length - 1];
    out[inputShapes.length] =
        new Shape(top.get(0), channels, (top.get(2) + 1) / 2, (top.get(3) + 1) / 2);
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    for (int k = 0; k < inner.size(); k++) {
      inner.get(k).initialize(manager, dataType, inputShapes[k]);
      Shape lateral = inner.get(k).getOutputShapes(new Shape[] {inputShapes[k]})[0];
      layer.get(k).initialize(manager, dataType, lateral);
    }
  }
}

package org.normlab.ml.detection.model;

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

/**
 * maskrcnn-benchmark's {@code RPNHead}, shared by all pyramid levels: {@code conv} 3x3 (bias, no
 * norm, as in every published config) and ReLU, then 1x1 {@code cls_logits} (one objectness logit
 * per anchor) and 1x1 {@code bbox_pred} (four deltas per anchor).
 *
 * <p>Input: the pyramid levels. Output: the L objectness maps (N, A, H, W) followed by the L delta
 * maps (N, 4A, H, W).
 */
final class RpnHead extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block conv;
  private final Block clsLogits;
  private final Block bboxPred;
  private final int anchorsPerLocation;

  RpnHead(int channels, int anchorsPerLocation) {
    super(VERSION);
    this.anchorsPerLocation = anchorsPerLocation;
    conv = addChildBlock("conv", HeadLayers.conv(3, channels, true));
    clsLogits = addChildBlock("cls_logits", HeadLayers.conv(1, anchorsPerLocation, true));
    bboxPred = addChildBlock("bbox_pred", HeadLayers.conv(1, 4 * anchorsPerLocation, true));
  }

  int anchorsPerLocation() {
    return anchorsPerLocation;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList objectness = new NDList(inputs.size());
    NDList deltas = new NDList(inputs.size());
    for (NDArray level : inputs) {
      NDArray t = Activation.relu(HeadLayers.apply(conv, store, level, training, params));
      objectness.add(HeadLayers.apply(clsLogits, store, t, training, params));
      deltas.add(HeadLayers.apply(bboxPred, store, t, training, params));
    }
    objectness.addAll(deltas);
    return objectness;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    int levels = inputShapes.length;
    Shape[] out = new Shape[2 * levels];
    for (int k = 0; k < levels; k++) {
      Shape s = inputShapes[k];
      out[k] = new Shape(s.get(0), anchorsPerLocation, s.get(2), s.get(3));
      out[levels + k] = new Shape(s.get(0), 4L * anchorsPerLocation, s.get(2), s.get(3));
    }
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape level = inputShapes[0];
    conv.initialize(manager, dataType, level);
    Shape hidden = conv.getOutputShapes(new Shape[] {level})[0];
    clsLogits.initialize(manager, dataType, hidden);
    bboxPred.initialize(manager, dataType, hidden);
  }
}

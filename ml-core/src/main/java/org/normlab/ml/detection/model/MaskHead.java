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
import java.util.ArrayList;
import java.util.List;

/**
 * The mask head of the MABN configs ({@code MaskRCNNFPNMABNFeatureExtractor} and {@code
 * MaskRCNNC4Predictor}): {@code mask_fcn1..4} = four 3x3 {@link ConvNorm}s of {@code convChannels}
 * with the run's norm and ReLU, {@code conv5_mask} = a 2x2 stride-2 transposed convolution and
 * ReLU, and {@code mask_fcn_logits} = a 1x1 convolution giving one mask logit map per class.
 *
 * <p>Input: pooled RoI features (R, C, P, P). Output: mask logits (R, K, 2P, 2P).
 */
final class MaskHead extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final int CONVS = 4;

  private final List<Block> convs = new ArrayList<>();
  private final Block deconv;
  private final Block logits;

  MaskHead(DetectionNorms norms, int convChannels, int numClasses) {
    super(VERSION);
    for (int i = 1; i <= CONVS; i++) {
      convs.add(
          addChildBlock(
              "mask_fcn" + i,
              new ConvNorm(
                  norms.convolutions(),
                  norms.heads(),
                  3,
                  convChannels,
                  1,
                  norms.headsPoolRois(),
                  true)));
    }
    deconv = addChildBlock("conv5_mask", HeadLayers.deconv2x(convChannels));
    logits = addChildBlock("mask_fcn_logits", HeadLayers.conv(1, numClasses, true));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (Block conv : convs) {
      x = HeadLayers.apply(conv, store, x, training, params);
    }
    x = Activation.relu(HeadLayers.apply(deconv, store, x, training, params));
    return new NDList(HeadLayers.apply(logits, store, x, training, params));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block conv : convs) {
      shapes = conv.getOutputShapes(shapes);
    }
    return logits.getOutputShapes(deconv.getOutputShapes(shapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (Block conv : convs) {
      conv.initialize(manager, dataType, shapes);
      shapes = conv.getOutputShapes(shapes);
    }
    deconv.initialize(manager, dataType, shapes);
    shapes = deconv.getOutputShapes(shapes);
    logits.initialize(manager, dataType, shapes);
  }
}

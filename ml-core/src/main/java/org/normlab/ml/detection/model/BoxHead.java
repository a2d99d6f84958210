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
import org.normlab.ml.nn.NamedSequentialBlock;

/**
 * The box head of the MABN configs (seeds-spec F.3, {@code FPNXconv1fcMABNFeatureExtractor} and
 * {@code FPNPredictor}): {@code xconvs.0..3} = four 3x3 {@link ConvNorm}s of {@code convChannels}
 * with the run's norm and ReLU ("4conv1fc"), then {@code fc6} to {@code representation} and ReLU;
 * {@code cls_score} gives a logit per class (background = class 0) and {@code bbox_pred} four
 * class-specific deltas per class.
 *
 * <p>Input: pooled RoI features (R, C, P, P). Output: logits (R, K) and deltas (R, 4K).
 */
final class BoxHead extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final int CONVS = 4;

  private final Block xconvs;
  private final Block fc6;
  private final Block clsScore;
  private final Block bboxPred;

  BoxHead(DetectionNorms norms, int convChannels, int representation, int numClasses) {
    super(VERSION);
    NamedSequentialBlock convs = new NamedSequentialBlock();
    for (int i = 0; i < CONVS; i++) {
      convs.add(
          Integer.toString(i),
          new ConvNorm(
              norms.convolutions(), norms.heads(), 3, convChannels, 1, norms.headsPoolRois(), true));
    }
    xconvs = addChildBlock("xconvs", convs);
    fc6 = addChildBlock("fc6", HeadLayers.linear(representation));
    clsScore = addChildBlock("cls_score", HeadLayers.linear(numClasses));
    bboxPred = addChildBlock("bbox_pred", HeadLayers.linear(4 * numClasses));
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = HeadLayers.apply(xconvs, store, inputs.singletonOrThrow(), training, params);
    x = x.reshape(x.getShape().get(0), -1);
    x = Activation.relu(HeadLayers.apply(fc6, store, x, training, params));
    return new NDList(
        HeadLayers.apply(clsScore, store, x, training, params),
        HeadLayers.apply(bboxPred, store, x, training, params));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] flat = flattened(inputShapes);
    Shape[] hidden = fc6.getOutputShapes(flat);
    return new Shape[] {clsScore.getOutputShapes(hidden)[0], bboxPred.getOutputShapes(hidden)[0]};
  }

  private Shape[] flattened(Shape[] inputShapes) {
    Shape s = xconvs.getOutputShapes(inputShapes)[0];
    return new Shape[] {new Shape(s.get(0), s.get(1) * s.get(2) * s.get(3))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    xconvs.initialize(manager, dataType, inputShapes);
    Shape[] flat = flattened(inputShapes);
    fc6.initialize(manager, dataType, flat);
    Shape[] hidden = fc6.getOutputShapes(flat);
    clsScore.initialize(manager, dataType, hidden);
    bboxPred.initialize(manager, dataType, hidden);
  }
}

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

/**
 * A {@link ResNet} without its classifier, for dense prediction (FPN): images in, the outputs of
 * {@code layer1..layer4} (C2..C5) out. It owns the very stem and stage blocks of the ResNet it was
 * made from, under the same names ({@code conv1}, {@code bn1}, {@code layer1..layer4}), so state
 * keys are the classification keys minus {@code fc.*}; the ResNet's {@code fc} is left out and never
 * initialized.
 */
public final class ResNetBody extends AbstractBlock {

  private static final byte VERSION = 1;

  private final ResNet resnet;
  private final List<Block> stages;

  private ResNetBody(ResNet resnet) {
    super(VERSION);
    this.resnet = resnet;
    addChildBlock("conv1", resnet.conv1());
    addChildBlock("bn1", resnet.bn1());
    List<Block> added = new ArrayList<>();
    List<Block> layers = resnet.stages();
    for (int stage = 0; stage < layers.size(); stage++) {
      added.add(addChildBlock("layer" + (stage + 1), layers.get(stage)));
    }
    this.stages = List.copyOf(added);
  }

  /**
   * The body of {@code backbone}, as built by the {@link BackboneRegistry} (so IBN placements and
   * the norm policy are already applied).
   *
   * @throws IllegalArgumentException when {@code backbone} is not of the ResNet family
   */
  public static ResNetBody of(Block backbone) {
    if (backbone instanceof ResNet resnet) {
      return new ResNetBody(resnet);
    }
    throw new IllegalArgumentException(
        "Multi-scale features need a backbone of the ResNet family (resnet*, resnext*_32x4d,"
            + " se_resnet*, plain or _ibn_a/_ibn_b); got "
            + backbone.getClass().getSimpleName());
  }

  /** Output channels of C2..C5. */
  public List<Integer> channels() {
    return resnet.stageChannels();
  }

  /** Strides of C2..C5 w.r.t. the input: 4, 8, 16, 32 (1, 2, 4, 8 with the small stem). */
  public List<Integer> strides() {
    int first = resnet.hasSmallStem() ? 1 : 4;
    return List.of(first, first * 2, first * 4, first * 8);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = resnet.stem(store, inputs.singletonOrThrow(), training, params);
    NDList features = new NDList(stages.size());
    for (Block stage : stages) {
      x = Layers.apply(stage, store, x, training, params);
      features.add(x);
    }
    return features;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = resnet.afterStemPool(resnet.conv1().getOutputShapes(inputShapes));
    Shape[] out = new Shape[stages.size()];
    for (int i = 0; i < stages.size(); i++) {
      shapes = stages.get(i).getOutputShapes(shapes);
      out[i] = shapes[0];
    }
    return out;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = Layers.initialize(resnet.conv1(), manager, dataType, inputShapes);
    Layers.initialize(resnet.bn1(), manager, dataType, shapes);
    shapes = resnet.afterStemPool(shapes);
    for (Block stage : stages) {
      shapes = Layers.initialize(stage, manager, dataType, shapes);
    }
  }
}

package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.normlab.ml.nn.NamedSequentialBlock;
import org.normlab.ml.nn.SeededDropout;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormSite;

/**
 * torchvision's ResNet: stem (conv1, bn1, ReLU, max pool), four stages {@code layer1..layer4} of
 * planes baseWidth x (1, 2, 4, 8) and strides 1/2/2/2, global average pooling, {@code fc}. One
 * class for the whole family: the {@link ResNetVariant} says which block, how many, grouped width
 * (ResNeXt) and SE; the config's norm policy says which norm goes where (plain, IBN-a, IBN-b).
 *
 * <p>Small inputs (both sides at most {@value #SMALL_INPUT_MAX} px, e.g. 28x28 or 32x32) get the
 * CIFAR-style stem: a 3x3 stride-1 conv1 and no max pool, so the last stage still sees 4x4 instead
 * of 1x1. Only the stem changes; parameter names stay the same. Global average pooling replaces the
 * seed's fixed {@code AvgPool2d(7)} so any input size works.
 */
public final class ResNet extends AbstractBlock {

  /** Largest input side that selects the small stem. */
  public static final int SMALL_INPUT_MAX = 64;

  private static final byte VERSION = 1;
  private static final int STAGES = 4;

  private final boolean smallStem;
  private final Block conv1;
  private final Block bn1;
  private final Block[] layers = new Block[STAGES];
  private final int[] stageChannels = new int[STAGES];
  private final Block fc;
  private final double dropout;

  public ResNet(ResNetVariant variant, BackboneConfig config) {
    super(VERSION);
    ResidualBlockType blockType = variant.block();
    List<Integer> depths = variant.depths();
    ImageShape input = config.input();
    smallStem = Math.max(input.height(), input.width()) <= SMALL_INPUT_MAX;
    int width = config.baseWidth();
    conv1 =
        addChildBlock(
            "conv1",
            smallStem
                ? Layers.conv(config.norms(), 3, width, 1)
                : Layers.conv(config.norms(), 7, width, 2));
    bn1 =
        addChildBlock("bn1", Layers.norm(config.norms(), NormSite.STEM, BlockPosition.STEM, width));
    int inChannels = width;
    for (int stage = 0; stage < STAGES; stage++) {
      int planes = width << stage;
      int stride = stage == 0 ? 1 : 2;
      NamedSequentialBlock layer = new NamedSequentialBlock();
      for (int index = 0; index < depths.get(stage); index++) {
        BlockPosition position = new BlockPosition(stage + 1, index, depths.get(stage));
        layer.add(
            Integer.toString(index),
            blockType.create(
                inChannels, planes, index == 0 ? stride : 1, position, config.norms(), variant));
        inChannels = planes * blockType.expansion();
      }
      stageChannels[stage] = inChannels;
      layers[stage] = addChildBlock("layer" + (stage + 1), layer);
    }
    fc = addChildBlock("fc", Linear.builder().setUnits(config.numClasses()).build());
    dropout = config.dropout();
  }

  /** Whether the CIFAR-style stem (3x3 stride 1, no max pool) was chosen for the input size. */
  public boolean hasSmallStem() {
    return smallStem;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = stem(store, inputs.singletonOrThrow(), training, params);
    for (Block layer : layers) {
      x = Layers.apply(layer, store, x, training, params);
    }
    x = SeededDropout.apply(Pool.globalAvgPool2d(x), dropout, training, params);
    return new NDList(Layers.apply(fc, store, x, training, params));
  }

  /** conv1, bn1, ReLU and (large stem) the max pool: the input of {@code layer1}. */
  NDArray stem(
      ParameterStore store, NDArray images, boolean training, PairList<String, Object> params) {
    NDArray x = Layers.apply(conv1, store, images, training, params);
    x = Activation.relu(Layers.apply(bn1, store, x, training, params));
    if (!smallStem) {
      x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    }
    return x;
  }

  Block conv1() {
    return conv1;
  }

  Block bn1() {
    return bn1;
  }

  /** {@code layer1..layer4}. */
  List<Block> stages() {
    return List.of(layers);
  }

  /** Output channels of {@code layer1..layer4}. */
  List<Integer> stageChannels() {
    return java.util.Arrays.stream(stageChannels).boxed().toList();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return fc.getOutputShapes(new Shape[] {featureShape(inputShapes)});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = Layers.initialize(conv1, manager, dataType, inputShapes);
    Layers.initialize(bn1, manager, dataType, shapes);
    shapes = afterStemPool(shapes);
    for (Block layer : layers) {
      shapes = Layers.initialize(layer, manager, dataType, shapes);
    }
    Layers.initialize(fc, manager, dataType, featureShape(inputShapes));
  }

  /** (N, channels of layer4) after global pooling. */
  private Shape featureShape(Shape[] inputShapes) {
    Shape[] shapes = afterStemPool(conv1.getOutputShapes(inputShapes));
    for (Block layer : layers) {
      shapes = layer.getOutputShapes(shapes);
    }
    return new Shape(shapes[0].get(0), shapes[0].get(1));
  }

  Shape[] afterStemPool(Shape[] stemOutput) {
    if (smallStem) {
      return stemOutput;
    }
    Shape s = stemOutput[0];
    // 3x3 / stride 2 / pad 1 max pool: ceil(n / 2) for each spatial side.
    return new Shape[] {new Shape(s.get(0), s.get(1), (s.get(2) + 1) / 2, (s.get(3) + 1) / 2)};
  }
}

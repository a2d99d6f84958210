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
import org.normlab.ml.nn.NamedSequentialBlock;
import org.normlab.ml.nn.SeededDropout;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.norm.NormSite;

/**
 * torchvision's DenseNet-BC, names included: {@code features} = conv0 7x7/2, norm0, relu0, pool0
 * 3x3/2, then {@code denseblockB} and {@code transitionT} (halving channels and resolution), and
 * {@code norm5}; then ReLU, global average pooling and {@code classifier}.
 *
 * <p>Norms come from the policy: dense layers ask at {@link NormSite#BLOCK_INPUT} (norm1) and
 * {@link NormSite#CONV1} (norm2) with position (block, layer index, layers in block), transitions
 * at {@link NormSite#TRANSITION} with (T, 0, 1), norm0 at the stem and norm5 at {@link
 * NormSite#FINAL} with (blocks + 1, 0, 1).
 *
 * <p>Small inputs (both sides at most {@value ResNet#SMALL_INPUT_MAX} px) get the same small stem
 * as {@link ResNet}: conv0 3x3 stride 1 and no pool0; names do not change. Global average pooling
 * replaces the seed's {@code avg_pool2d(7)} so any input size works.
 */
public final class DenseNet extends AbstractBlock {

  private static final byte VERSION = 1;

  private final boolean smallStem;
  private final Block features;
  private final Block classifier;
  private final double dropout;

  DenseNet(DenseNetShape paperShape, NormPolicy norms, BackboneConfig config) {
    super(VERSION);
    DenseNetShape shape = paperShape.scaledTo(config.baseWidth());
    ImageShape input = config.input();
    smallStem = Math.max(input.height(), input.width()) <= ResNet.SMALL_INPUT_MAX;
    int channels = shape.initFeatures();
    NamedSequentialBlock body =
        new NamedSequentialBlock()
            .add(
                "conv0",
                smallStem ? Layers.conv(norms, 3, channels, 1) : Layers.conv(norms, 7, channels, 2))
            .add("norm0", Layers.norm(norms, NormSite.STEM, BlockPosition.STEM, channels))
            .add("relu0", ParameterFree.relu());
    if (!smallStem) {
      body.add("pool0", ParameterFree.maxPool3x3Stride2());
    }
    int blockCount = shape.blocks().size();
    for (int b = 1; b <= blockCount; b++) {
      DenseBlock block =
          new DenseBlock(b, shape.blocks().get(b - 1), channels, shape.growth(), norms);
      body.add("denseblock" + b, block);
      channels = block.outChannels(channels);
      if (b < blockCount) {
        BlockPosition after = new BlockPosition(b, 0, 1);
        body.add("transition" + b, new Transition(channels, channels / 2, after, norms));
        channels /= 2;
      }
    }
    BlockPosition head = new BlockPosition(blockCount + 1, 0, 1);
    body.add("norm5", Layers.norm(norms, NormSite.FINAL, head, channels));
    features = addChildBlock("features", body);
    classifier =
        addChildBlock("classifier", Linear.builder().setUnits(config.numClasses()).build());
    dropout = config.dropout();
  }

  /** Whether the small stem (3x3 stride 1, no pool0) was chosen for the input size. */
  public boolean hasSmallStem() {
    return smallStem;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = Layers.apply(features, store, inputs.singletonOrThrow(), training, params);
    x = Pool.globalAvgPool2d(Activation.relu(x));
    x = SeededDropout.apply(x, dropout, training, params);
    return new NDList(Layers.apply(classifier, store, x, training, params));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return classifier.getOutputShapes(new Shape[] {pooledShape(inputShapes)});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    features.initialize(manager, dataType, inputShapes);
    classifier.initialize(manager, dataType, pooledShape(inputShapes));
  }

  private Shape pooledShape(Shape[] inputShapes) {
    Shape s = features.getOutputShapes(inputShapes)[0];
    return new Shape(s.get(0), s.get(1));
  }
}

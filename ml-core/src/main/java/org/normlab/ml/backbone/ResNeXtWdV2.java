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
import org.normlab.ml.nn.SeededDropout;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.norm.NormSite;

/**
 * The MXNet seed's resnext_w_d_v2 (symbol_resnext_ibn_a_w_d_v2.py), names after the MXNet ops: stem
 * conv01 3x3/1 - bn01 - ReLU - conv02 3x3/1 - bn02 - ReLU - conv03 3x3/2 - bn03 - ReLU - max pool
 * 3x3/2 (all 64 x baseWidth / 64 channels); {@code stage1..4.unitU} of {@link ResNeXtWdV2Unit};
 * global average pooling, dropout, {@code fc1}.
 *
 * <p>Fixed seed bug: the seed feeds conv02 from the image instead of conv01, leaving conv01/bn01
 * dangling; here the stem is conv01 - conv02 - conv03 as the symbol's comments intend. Not built:
 * {@code bn_data} (see {@link PreActResNet}). Small inputs: conv03 stride 1 and no max pool.
 */
public final class ResNeXtWdV2 extends AbstractBlock {

  private static final byte VERSION = 1;
  private static final int STEM_CONVS = 3;

  private final boolean smallStem;
  private final double dropout;
  private final Block[] stem = new Block[2 * STEM_CONVS];
  private final List<Block> stages;
  private final Block fc1;

  /**
   * @param groups cardinality of the grouped 3x3 convolutions (32 in the seed's run script)
   */
  ResNeXtWdV2(List<Integer> units, int groups, NormPolicy norms, BackboneConfig config) {
    super(VERSION);
    ImageShape input = config.input();
    smallStem = Math.max(input.height(), input.width()) <= ResNet.SMALL_INPUT_MAX;
    // The seed's run script drops 0.2 here; that rate is now the recipe's (mxnet-ibn-resnext).
    this.dropout = config.dropout();
    int width = config.baseWidth();
    // Stage s outputs 4 x width x 2^s channels; conv2 runs at half that, split into groups.
    if ((2 * width) % groups != 0) {
      throw new IllegalArgumentException(
          "ResNeXt with cardinality "
              + groups
              + " needs 2 x baseWidth divisible by "
              + groups
              + ", got baseWidth "
              + width);
    }
    for (int i = 0; i < STEM_CONVS; i++) {
      int stride = i == STEM_CONVS - 1 && !smallStem ? 2 : 1;
      stem[2 * i] = addChildBlock("conv0" + (i + 1), Layers.conv(norms, 3, width, stride));
      stem[2 * i + 1] =
          addChildBlock(
              "bn0" + (i + 1), Layers.norm(norms, NormSite.STEM, BlockPosition.STEM, width));
    }
    MxStages.Built built =
        MxStages.build(
            units,
            s -> 4 * width << s,
            width,
            (in, filters, stride, project, at) ->
                new ResNeXtWdV2Unit(filters, groups, stride, project, at, norms));
    for (int s = 0; s < built.stages().size(); s++) {
      addChildBlock("stage" + (s + 1), built.stages().get(s));
    }
    stages = built.stages();
    fc1 = addChildBlock("fc1", Linear.builder().setUnits(config.numClasses()).build());
  }

  public boolean hasSmallStem() {
    return smallStem;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    for (int i = 0; i < stem.length; i += 2) {
      x = Layers.apply(stem[i], store, x, training, params);
      x = Activation.relu(Layers.apply(stem[i + 1], store, x, training, params));
    }
    if (!smallStem) {
      x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    }
    for (Block stage : stages) {
      x = Layers.apply(stage, store, x, training, params);
    }
    x = SeededDropout.apply(Pool.globalAvgPool2d(x), dropout, training, params);
    return new NDList(Layers.apply(fc1, store, x, training, params));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] shapes = afterStem(inputShapes);
    for (Block stage : stages) {
      shapes = stage.getOutputShapes(shapes);
    }
    return fc1.getOutputShapes(new Shape[] {new Shape(shapes[0].get(0), shapes[0].get(1))});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = inputShapes;
    for (int i = 0; i < stem.length; i += 2) {
      shapes = Layers.initialize(stem[i], manager, dataType, shapes);
      Layers.initialize(stem[i + 1], manager, dataType, shapes);
    }
    shapes = smallStem ? shapes : ParameterFree.maxPool3x3Stride2().getOutputShapes(shapes);
    for (Block stage : stages) {
      shapes = Layers.initialize(stage, manager, dataType, shapes);
    }
    Layers.initialize(fc1, manager, dataType, new Shape(shapes[0].get(0), shapes[0].get(1)));
  }

  private Shape[] afterStem(Shape[] inputShapes) {
    Shape[] shapes = inputShapes;
    for (int i = 0; i < stem.length; i += 2) {
      shapes = stem[i].getOutputShapes(shapes);
    }
    return smallStem ? shapes : ParameterFree.maxPool3x3Stride2().getOutputShapes(shapes);
  }
}

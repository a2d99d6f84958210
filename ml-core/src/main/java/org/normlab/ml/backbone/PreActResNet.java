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
 * The MXNet seed's pre-activation ResNet-v2 (symbol_resnet_ibn_a.py) as a module tree whose names
 * follow the MXNet op names: conv0 7x7/2, bn0, ReLU, max pool 3x3/2; {@code stage1..4.unitU}; final
 * {@code bn1}, ReLU, global average pooling, {@code fc1}.
 *
 * <p>Not built: the seed's {@code bn_data} (a BatchNorm on the raw image standing in for mean/std
 * preprocessing), since ml-core's data pipeline standardizes images. Small inputs get conv0 3x3
 * stride 1 and no max pool (as {@link ResNet}); bn0 stays, so names do not change.
 */
public final class PreActResNet extends AbstractBlock {

  private static final byte VERSION = 1;

  private final boolean smallStem;
  private final Block conv0;
  private final Block bn0;
  private final List<Block> stages;
  private final Block bn1;
  private final Block fc1;
  private final double dropout;

  PreActResNet(PreActUnitType unit, List<Integer> units, NormPolicy norms, BackboneConfig config) {
    super(VERSION);
    ImageShape input = config.input();
    smallStem = Math.max(input.height(), input.width()) <= ResNet.SMALL_INPUT_MAX;
    int width = config.baseWidth();
    conv0 =
        addChildBlock(
            "conv0", smallStem ? Layers.conv(norms, 3, width, 1) : Layers.conv(norms, 7, width, 2));
    bn0 = addChildBlock("bn0", Layers.norm(norms, NormSite.STEM, BlockPosition.STEM, width));
    MxStages.Built built =
        MxStages.build(
            units,
            s -> unit.filters(width, s),
            width,
            (in, filters, stride, project, at) ->
                unit.create(in, filters, stride, project, at, norms));
    for (int s = 0; s < built.stages().size(); s++) {
      addChildBlock("stage" + (s + 1), built.stages().get(s));
    }
    stages = built.stages();
    BlockPosition head = new BlockPosition(MxStages.STAGES + 1, 0, 1);
    bn1 = addChildBlock("bn1", Layers.norm(norms, NormSite.FINAL, head, built.outChannels()));
    fc1 = addChildBlock("fc1", Linear.builder().setUnits(config.numClasses()).build());
    dropout = config.dropout();
  }

  public boolean hasSmallStem() {
    return smallStem;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = Layers.apply(conv0, store, inputs.singletonOrThrow(), training, params);
    x = Activation.relu(Layers.apply(bn0, store, x, training, params));
    if (!smallStem) {
      x = Pool.maxPool2d(x, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
    }
    for (Block stage : stages) {
      x = Layers.apply(stage, store, x, training, params);
    }
    x = Pool.globalAvgPool2d(Activation.relu(Layers.apply(bn1, store, x, training, params)));
    x = SeededDropout.apply(x, dropout, training, params);
    return new NDList(Layers.apply(fc1, store, x, training, params));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return fc1.getOutputShapes(new Shape[] {pooled(lastStage(inputShapes))});
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] shapes = Layers.initialize(conv0, manager, dataType, inputShapes);
    Layers.initialize(bn0, manager, dataType, shapes);
    shapes = afterStem(shapes);
    for (Block stage : stages) {
      shapes = Layers.initialize(stage, manager, dataType, shapes);
    }
    Layers.initialize(bn1, manager, dataType, shapes);
    Layers.initialize(fc1, manager, dataType, pooled(shapes));
  }

  private Shape[] lastStage(Shape[] inputShapes) {
    Shape[] shapes = afterStem(conv0.getOutputShapes(inputShapes));
    for (Block stage : stages) {
      shapes = stage.getOutputShapes(shapes);
    }
    return shapes;
  }

  private Shape[] afterStem(Shape[] shapes) {
    return smallStem ? shapes : ParameterFree.maxPool3x3Stride2().getOutputShapes(shapes);
  }

  private static Shape pooled(Shape[] shapes) {
    return new Shape(shapes[0].get(0), shapes[0].get(1));
  }
}

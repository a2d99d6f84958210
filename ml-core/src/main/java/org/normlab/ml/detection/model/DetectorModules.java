package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ResNet;
import org.normlab.ml.backbone.ResNetBody;
import org.normlab.ml.nn.NamedSequentialBlock;

/**
 * The detector's learnable parts in one tree, named as maskrcnn-benchmark names its modules: {@code
 * backbone.body} (the ResNet's stem and stages), {@code backbone.fpn}, {@code rpn.head}, {@code
 * roi_heads.box}, {@code roi_heads.mask}. Its own forward is the dense part (images to pyramid
 * levels P2..P6); {@link MaskRcnn} drives the RPN and the RoI heads, which need host-side box
 * operations between the blocks.
 */
final class DetectorModules extends AbstractBlock {

  private static final byte VERSION = 1;

  private final ResNetBody body;
  private final FeaturePyramid fpn;
  private final RpnHead rpnHead;
  private final BoxHead boxHead;
  private final MaskHead maskHead;
  private final int boxPool;
  private final int maskPool;

  DetectorModules(
      ResNetBody body,
      FeaturePyramid fpn,
      RpnHead rpnHead,
      BoxHead boxHead,
      MaskHead maskHead,
      int boxPool,
      int maskPool) {
    super(VERSION);
    this.body = body;
    this.fpn = fpn;
    this.rpnHead = rpnHead;
    this.boxHead = boxHead;
    this.maskHead = maskHead;
    this.boxPool = boxPool;
    this.maskPool = maskPool;
    addChildBlock("backbone", new NamedSequentialBlock().add("body", body).add("fpn", fpn));
    addChildBlock("rpn", new NamedSequentialBlock().add("head", rpnHead));
    addChildBlock(
        "roi_heads", new NamedSequentialBlock().add("box", boxHead).add("mask", maskHead));
  }

  /**
   * The detector of {@code config} with {@code norms}, uninitialized; the backbone comes from
   * {@code registry} with its IBN placement applied.
   *
   * @throws IllegalArgumentException for an unknown backbone, one outside the ResNet family, or a
   *     maxImage too small for the downsampling stem
   */
  static DetectorModules create(
      MaskRcnnConfig config, DetectionNorms norms, BackboneRegistry registry) {
    BackboneConfig backbone =
        new BackboneConfig(norms.backbone(), config.baseWidth(), 1, config.maxImage());
    ResNetBody body = ResNetBody.of(registry.create(config.backbone(), backbone));
    if (!body.strides().equals(List.of(4, 8, 16, 32))) {
      throw new IllegalArgumentException(
          "maxImage "
              + config.maxImage()
              + " selects the backbone's small stem (strides "
              + body.strides()
              + "); detection needs strides 4..32: use images larger than "
              + ResNet.SMALL_INPUT_MAX
              + " px");
    }
    int channels = config.fpnChannels();
    RoiSettings roi = config.roi();
    return new DetectorModules(
        body,
        new FeaturePyramid(norms, body.channels().size(), channels),
        new RpnHead(channels, config.rpn().aspectRatios().size()),
        new BoxHead(norms, config.headChannels(), config.representation(), config.numClasses()),
        new MaskHead(norms, config.headChannels(), config.numClasses()),
        roi.boxPool(),
        roi.maskPool());
  }

  ResNetBody body() {
    return body;
  }

  RpnHead rpnHead() {
    return rpnHead;
  }

  BoxHead boxHead() {
    return boxHead;
  }

  MaskHead maskHead() {
    return maskHead;
  }

  /** Images (N, 3, H, W) to the pyramid P2..P6. */
  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return fpn.forward(store, body.forward(store, inputs, training, params), training, params);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return fpn.getOutputShapes(body.getOutputShapes(inputShapes));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    body.initialize(manager, dataType, inputShapes);
    Shape[] stages = body.getOutputShapes(inputShapes);
    fpn.initialize(manager, dataType, stages);
    Shape[] levels = fpn.getOutputShapes(stages);
    rpnHead.initialize(manager, dataType, levels);
    int channels = fpn.channels();
    boxHead.initialize(manager, dataType, new Shape(1, channels, boxPool, boxPool));
    maskHead.initialize(manager, dataType, new Shape(1, channels, maskPool, maskPool));
  }
}

package org.normlab.ml.detection.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Backprop;
import org.normlab.ml.nn.CustomGradient;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;

/**
 * Mask R-CNN with a ResNet-family backbone and FPN (He et al. 2017, as maskrcnn-benchmark builds
 * it for the MABN paper's COCO runs, seeds-spec F.3), with the run's norm in the backbone, the FPN
 * and both RoI heads. An initialized model with the manager that owns its parameters; close it to
 * free them.
 */
public final class MaskRcnn implements AutoCloseable {

  private final MaskRcnnConfig config;
  private final NDManager manager;
  private final DetectorModules modules;
  private final Map<String, Parameter> state;
  private final ParameterStore store;
  private final List<CustomGradient> customGradients = new ArrayList<>();
  private final RegionProposalNetwork rpn;
  private final RoiHeads roiHeads;

  private MaskRcnn(MaskRcnnConfig config, NDManager manager, DetectorModules modules) {
    this.config = config;
    this.manager = manager;
    this.modules = modules;
    this.state = StateNames.of(modules);
    this.store = new ParameterStore(manager, false);
    this.rpn = new RegionProposalNetwork(modules.rpnHead(), config.rpn());
    this.roiHeads =
        new RoiHeads(modules.boxHead(), modules.maskHead(), config.roi(), config.numClasses());
    collectCustomGradients(modules);
  }

  private void collectCustomGradients(Block block) {
    if (block instanceof CustomGradient layer) {
      customGradients.add(layer);
    }
    block.getChildren().values().forEach(this::collectCustomGradients);
  }

  /** The detector with weights drawn from {@code seed} (see {@link DetectionInit}). */
  public static MaskRcnn create(MaskRcnnConfig config, DetectionNorms norms, long seed) {
    return create(config, norms, seed, BackboneRegistry.defaults(), DjlRuntime.defaultDevice());
  }

  /** The same with backbones from {@code registry}, parameters on {@code device}. */
  public static MaskRcnn create(
      MaskRcnnConfig config,
      DetectionNorms norms,
      long seed,
      BackboneRegistry registry,
      Device device) {
    DetectorModules modules = DetectorModules.create(config, norms, registry);
    NDManager manager = NDManager.newBaseManager(device);
    try {
      modules.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
      modules.initialize(manager, DataType.FLOAT32, config.maxImage().batchOf(1));
      MaskRcnn model = new MaskRcnn(config, manager, modules);
      DetectionInit.apply(model.state, seed);
      return model;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  public MaskRcnnConfig config() {
    return config;
  }

  /** Every parameter and buffer by state key ({@code backbone.body.layer1.0.conv1.weight}). */
  public Map<String, Parameter> state() {
    return state;
  }

  /** The parameters SGD updates (running statistics and MABN buffers excluded), by state key. */
  public Map<String, Parameter> trainable() {
    Map<String, Parameter> result = new LinkedHashMap<>();
    state.forEach(
        (key, parameter) -> {
          if (parameter.requiresGradient()) {
            result.put(key, parameter);
          }
        });
    return result;
  }

  /**
   * The training forward: RPN proposals and losses, then the box and mask heads' losses on RoIs
   * sampled from the proposals and the ground truth. Results live in the images' manager (scope it
   * per step); call {@link #backward} on {@link DetectionLosses#total()} under {@code
   * Autograd.record()}.
   *
   * @param stepSeed seeds this step's anchor and RoI sampling
   */
  public DetectionLosses trainForward(ImageBatch batch, List<ImageTarget> targets, long stepSeed) {
    if (targets.size() != batch.count()) {
      throw new IllegalArgumentException(
          "one target per image needed, got " + targets.size() + " for " + batch.count());
    }
    NDList levels = features(batch.images(), true);
    RegionProposalNetwork.Output proposals =
        rpn.forward(store, levels, batch, targets, true, stepSeed);
    NDArray[] roi = roiHeads.losses(store, levels, proposals.proposals(), targets, stepSeed);
    Map<String, NDArray> named = new LinkedHashMap<>();
    named.put(DetectionLosses.OBJECTNESS, proposals.objectnessLoss());
    named.put(DetectionLosses.RPN_BOX, proposals.boxLoss());
    named.put(DetectionLosses.CLASSIFIER, roi[0]);
    named.put(DetectionLosses.BOX, roi[1]);
    named.put(DetectionLosses.MASK, roi[2]);
    return new DetectionLosses(named);
  }

  /**
   * Inference (grad mode off): per image its boxes, labels, scores and full-image masks, best
   * first. Intermediates live in the images' manager.
   */
  public List<Detections> detect(ImageBatch batch) {
    List<List<Detections>> result = new ArrayList<>();
    Autograd.withoutGrad(
        () -> {
          NDList levels = features(batch.images(), false);
          RegionProposalNetwork.Output proposals =
              rpn.forward(store, levels, batch, null, false, 0L);
          result.add(roiHeads.detect(store, levels, proposals.proposals(), batch.sizes()));
        });
    return result.get(0);
  }

  /**
   * Backpropagates {@code loss} of the last training forward, with the custom gradients of layers
   * that define their own (MABN). Use this, not a plain backward.
   */
  public void backward(NDArray loss) {
    Backprop.run(loss, customGradients);
  }

  /** Pyramid levels P2..P6 for padded images (N, 3, H, W). */
  NDList features(NDArray images, boolean training) {
    return modules.forward(store, new NDList(images), training);
  }

  ParameterStore store() {
    return store;
  }

  DetectorModules modules() {
    return modules;
  }

  /** The module tree, for tests and tools that walk it (norm folding, weight export). */
  public Block block() {
    return modules;
  }

  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}

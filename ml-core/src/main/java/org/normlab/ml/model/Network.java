package org.normlab.ml.model;

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
import java.util.Set;
import java.util.TreeSet;
import org.normlab.contracts.model.NormSpec;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Backprop;
import org.normlab.ml.nn.CustomGradient;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.SeededDropout;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.norm.NormPolicy;

/**
 * An initialized backbone with the manager that owns its parameters, and its state (parameters and
 * running statistics) under PyTorch state-dict keys. Close it to free the native memory.
 */
public final class Network implements AutoCloseable {

  private final NDManager manager;
  private final Block block;
  private final ImageShape input;
  private final Map<String, Parameter> state;
  private final ParameterStore store;
  private final List<CustomGradient> customGradients;

  private Network(NDManager manager, Block block, ImageShape input) {
    this.manager = manager;
    this.block = block;
    this.input = input;
    this.state = StateNames.of(block);
    this.store = new ParameterStore(manager, false);
    this.customGradients = new ArrayList<>();
    collectCustomGradients(block, customGradients);
  }

  private static void collectCustomGradients(Block block, List<CustomGradient> into) {
    if (block instanceof CustomGradient layer) {
      into.add(layer);
    }
    block.getChildren().values().forEach(child -> collectCustomGradients(child, into));
  }

  /**
   * The spec's backbone and norm for the dataset's image shape and classes, with the recipe's
   * dropout before the classifier; seeded weights.
   */
  public static Network create(ExperimentSpec spec, DatasetDefinition dataset) {
    NormPolicy norms =
        NormPolicy.uniform(NormSpec.parse(spec.norm()), spec.normBatchSize(), spec.batchSize());
    ImageShape input = new ImageShape(dataset.channels(), dataset.height(), dataset.width());
    BackboneConfig config =
        new BackboneConfig(
            norms, spec.baseWidth(), dataset.numClasses(), input, spec.training().dropout());
    return create(BackboneRegistry.defaults(), spec.backbone(), config, spec.seed());
  }

  /** Builds, initializes (see {@link WeightInit}) and returns the named backbone. */
  public static Network create(
      BackboneRegistry registry, String backbone, BackboneConfig config, long seed) {
    Device device = DjlRuntime.defaultDevice();
    Block block = registry.create(backbone, config);
    NDManager manager = NDManager.newBaseManager(device);
    try {
      // WeightInit overwrites every weight from the experiment seed; zeros avoid wasting the
      // global generator on values that are thrown away.
      block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
      block.initialize(manager, DataType.FLOAT32, config.input().batchOf(1));
      Network network = new Network(manager, block, config.input());
      WeightInit.apply(network.state, seed);
      return network;
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Logits (N, classes) for images (N, C, H, W). Results live in the images' manager, so callers
   * scope them with a per-batch sub-manager.
   */
  public NDArray forward(NDArray images, boolean training) {
    return block.forward(store, new NDList(images), training).singletonOrThrow();
  }

  /**
   * A training forward whose dropout mask (if the backbone has dropout) is drawn from {@code
   * stepSeed}; see {@link SeededDropout}.
   */
  public NDArray forward(NDArray images, long stepSeed) {
    return block
        .forward(store, new NDList(images), true, SeededDropout.params(stepSeed))
        .singletonOrThrow();
  }

  /**
   * Backpropagates {@code loss} of the last training forward into the parameters' gradients,
   * including the custom gradients of layers that define their own (MABN; see {@link
   * CustomGradient}). Use this, not a plain backward, whenever the network trains.
   */
  public void backward(NDArray loss) {
    Backprop.run(loss, customGradients);
  }

  /** Every parameter and buffer by state key, in registration order. */
  public Map<String, Parameter> state() {
    return state;
  }

  /** The parameters SGD updates (running statistics excluded), by state key. */
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

  /** The current arrays by state key (live references, not copies). */
  public Map<String, NDArray> stateArrays() {
    Map<String, NDArray> arrays = new LinkedHashMap<>();
    state.forEach((key, parameter) -> arrays.put(key, parameter.getArray()));
    return arrays;
  }

  /**
   * Copies {@code values} into the state in place (so parameters stay autograd leaves).
   *
   * @throws IllegalArgumentException unless the keys are exactly this network's and shapes match
   */
  public void loadState(Map<String, NDArray> values) {
    if (!values.keySet().equals(state.keySet())) {
      Set<String> missing = new TreeSet<>(state.keySet());
      missing.removeAll(values.keySet());
      Set<String> unexpected = new TreeSet<>(values.keySet());
      unexpected.removeAll(state.keySet());
      throw new IllegalArgumentException(
          "State does not match the network: missing " + missing + ", unexpected " + unexpected);
    }
    Autograd.withoutGrad(
        () ->
            state.forEach(
                (key, parameter) -> {
                  try {
                    WeightInit.copyInto(parameter.getArray(), values.get(key));
                  } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
                  }
                }));
  }

  public NDManager manager() {
    return manager;
  }

  public Device device() {
    return manager.getDevice();
  }

  public ImageShape input() {
    return input;
  }

  /** The underlying DJL block, for tests and tools that walk the tree. */
  public Block block() {
    return block;
  }

  @Override
  public void close() {
    manager.close();
  }
}

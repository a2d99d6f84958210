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
import org.normlab.ml.nn.ConvFactory;
import org.normlab.ml.norm.NormFactory;

/**
 * maskrcnn-benchmark's {@code conv_with_norm}: a bias-free convolution of the run's kind (child
 * {@code 0}) followed by the run's norm (child {@code 1}), no activation. Keys read {@code
 * fpn_inner1.0.weight}, {@code fpn_inner1.1.running_var}. The heads' layers add a ReLU.
 *
 * <p>With {@code poolSamples} the norm sees the whole batch as one sample: (N, C, H, W) is viewed
 * as (1, C, N H, W), so a batch-statistics norm normalizes over all RoIs of the step at once rather
 * than in groups of the backbone's normBatchSize (see {@link DetectionNorms}). The per-channel
 * statistics over (N, H, W) are the same numbers either way.
 */
final class ConvNorm extends AbstractBlock {

  private static final byte VERSION = 1;

  private final Block conv;
  private final Block norm;
  private final boolean poolSamples;
  private final boolean relu;

  ConvNorm(
      ConvFactory convolutions,
      NormFactory norms,
      int kernel,
      int channels,
      int stride,
      boolean poolSamples,
      boolean relu) {
    super(VERSION);
    this.conv = addChildBlock("0", convolutions.create(kernel, channels, stride));
    this.norm = addChildBlock("1", norms.create(channels));
    this.poolSamples = poolSamples;
    this.relu = relu;
  }

  Block conv() {
    return conv;
  }

  Block norm() {
    return norm;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray y = normalize(store, inputs, training, params);
    return new NDList(relu ? Activation.relu(y) : y);
  }

  private NDArray normalize(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList convolved = conv.forward(store, inputs, training, params);
    if (!poolSamples) {
      return norm.forward(store, convolved, training, params).singletonOrThrow();
    }
    NDArray y = convolved.singletonOrThrow();
    Shape shape = y.getShape();
    long n = shape.get(0);
    long c = shape.get(1);
    long h = shape.get(2);
    long w = shape.get(3);
    NDArray pooled = y.transpose(1, 0, 2, 3).reshape(1, c, n * h, w);
    NDArray normalized = norm.forward(store, new NDList(pooled), training, params).singletonOrThrow();
    return normalized.reshape(c, n, h, w).transpose(1, 0, 2, 3);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }
}

package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Objects;

/**
 * IBN-Net's split norm: the channels are cut in two, one part goes through affine instance norm
 * (child {@code IN}), the other through a batch-statistics norm (child {@code BN}), and the parts
 * are concatenated back in their original order.
 *
 * <p>The {@code BN} half comes from a {@link NormFactory}, so whatever the run's norm spec builds
 * ({@code bn}, {@code brn}, {@code mabn}, {@code gn:G}, ...) can stand in for batch norm. Children
 * are registered in split order, which is also the official state-dict order ({@code bn1.IN.*}
 * before {@code bn1.BN.*} for ResNets, the reverse for DenseNet).
 *
 * <p>A MABN half is not folded by {@link MabnFolding}: it does not follow a convolution directly.
 */
public final class InstanceBatchNorm extends AbstractBlock {

  private static final byte VERSION = 1;

  /** Which part of the channels comes first, and therefore which size the ratio rounds down. */
  public enum Order {
    /**
     * ResNet, ResNeXt, SE-ResNet ({@code ibnnet/modules.py}): the first {@code int(C * ratio)}
     * channels are instance-normalized, the rest batch-normalized.
     */
    INSTANCE_FIRST,
    /**
     * DenseNet ({@code densenet_ibn.py}, ratio 0.4): the first {@code int(C * (1 - ratio))}
     * channels are batch-normalized, the rest instance-normalized.
     */
    BATCH_FIRST
  }

  private final int channels;
  private final Order order;
  private final int firstChannels;
  private final Block first;
  private final Block second;

  /**
   * @param ratio share of the channels that get instance norm, in (0, 1)
   * @param batchNorm builds the {@code BN} half for its channel count
   * @throws IllegalArgumentException when either part would be empty
   */
  public InstanceBatchNorm(int channels, double ratio, Order order, NormFactory batchNorm) {
    super(VERSION);
    Objects.requireNonNull(order, "order");
    Objects.requireNonNull(batchNorm, "batchNorm");
    if (!(ratio > 0 && ratio < 1)) {
      throw new IllegalArgumentException("IBN ratio must be in (0, 1), got " + ratio);
    }
    // Rounded down as in the seed code: int(C * ratio) or int(C * (1 - ratio)).
    int instanceChannels =
        order == Order.INSTANCE_FIRST
            ? (int) (channels * ratio)
            : channels - (int) (channels * (1 - ratio));
    int batchChannels = channels - instanceChannels;
    if (instanceChannels < 1 || batchChannels < 1) {
      throw new IllegalArgumentException(
          "IBN with ratio "
              + ratio
              + " cannot split "
              + channels
              + " channels into a non-empty IN part and BN part");
    }
    this.channels = channels;
    this.order = order;
    Block in = new InstanceNorm2d(instanceChannels, Norms.EPSILON);
    Block bn = batchNorm.create(batchChannels);
    if (order == Order.INSTANCE_FIRST) {
      firstChannels = instanceChannels;
      first = addChildBlock("IN", in);
      second = addChildBlock("BN", bn);
    } else {
      firstChannels = batchChannels;
      first = addChildBlock("BN", bn);
      second = addChildBlock("IN", in);
    }
  }

  public int channels() {
    return channels;
  }

  public Order order() {
    return order;
  }

  /** Channels that go through instance norm. */
  public int instanceChannels() {
    return order == Order.INSTANCE_FIRST ? firstChannels : channels - firstChannels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (x.getShape().dimension() < 2 || x.getShape().get(1) != channels) {
      throw new IllegalArgumentException(
          "InstanceBatchNorm over " + channels + " channels got input " + x.getShape());
    }
    NDList parts = x.split(new long[] {firstChannels}, 1);
    NDArray head = first.forward(store, new NDList(parts.get(0)), training, params).head();
    NDArray tail = second.forward(store, new NDList(parts.get(1)), training, params).head();
    return new NDList(NDArrays.concat(new NDList(head, tail), 1));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0]};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape shape = inputShapes[0];
    first.initialize(manager, dataType, withChannels(shape, firstChannels));
    second.initialize(manager, dataType, withChannels(shape, channels - firstChannels));
  }

  private static Shape withChannels(Shape shape, long channels) {
    // Copy: Shape.getShape() hands out its own array.
    long[] dims = shape.getShape().clone();
    dims[1] = channels;
    return new Shape(dims);
  }
}

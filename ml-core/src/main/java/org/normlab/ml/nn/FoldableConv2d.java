package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A bias-free square convolution ("same" padding for odd kernels) with two MABN features:
 *
 * <ul>
 *   <li><b>CenConv</b> when {@code centered} (MABN paper, seeds-spec D.2): the convolution uses
 *       {@code W[o] - mean(W[o])}, the mean over (in, kh, kw) of each filter, without dividing by a
 *       deviation (this is not Weight Standardization). Autograd runs through the mean, so the
 *       weight gradient is centred per filter. The single parameter is {@code weight}, as in
 *       MABN.py's {@code CenConv2d}.
 *   <li><b>An inference fold</b>: {@link #fold} snapshots {@code W_eff[o] * scale[o]} and a bias,
 *       so a following per-channel affine (MABN at inference) costs nothing. While folded the layer
 *       computes {@code conv(x, W_folded) + shift} in inference and refuses to train.
 * </ul>
 */
public final class FoldableConv2d extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int kernel;
  private final int filters;
  private final int stride;
  private final int groups;
  private final boolean centered;
  private final Parameter weight;
  private NDArray foldedWeight;
  private NDArray foldedBias;

  public FoldableConv2d(int kernel, int filters, int stride, boolean centered) {
    this(kernel, filters, stride, 1, centered);
  }

  /**
   * @param groups grouped convolution (ResNeXt); CenConv centres each filter over its own group's
   *     inputs, which is what centring the stored (filters, in / groups, k, k) weight does
   */
  public FoldableConv2d(int kernel, int filters, int stride, int groups, boolean centered) {
    super(VERSION);
    if (kernel < 1 || filters < 1 || stride < 1 || groups < 1 || filters % groups != 0) {
      throw new IllegalArgumentException(
          "kernel, filters, stride and groups must be >= 1 and groups must divide filters, got "
              + kernel
              + ", "
              + filters
              + ", "
              + stride
              + ", "
              + groups);
    }
    this.kernel = kernel;
    this.filters = filters;
    this.stride = stride;
    this.groups = groups;
    this.centered = centered;
    this.weight =
        addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
  }

  public boolean centered() {
    return centered;
  }

  public int filters() {
    return filters;
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    long inChannels = inputShapes[0].get(1);
    if (inChannels % groups != 0) {
      throw new IllegalArgumentException(
          groups + " groups cannot split " + inChannels + " input channels");
    }
    weight.setShape(new Shape(filters, inChannels / groups, kernel, kernel));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    int padding = kernel / 2;
    return new Shape[] {
      new Shape(
          in.get(0),
          filters,
          (in.get(2) + 2 * padding - kernel) / stride + 1,
          (in.get(3) + 2 * padding - kernel) / stride + 1)
    };
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    if (foldedWeight != null) {
      if (training) {
        throw new IllegalStateException(
            "This convolution is folded for inference; call MabnFolding.unfold before training");
      }
      return new NDList(convolve(x, foldedWeight, foldedBias));
    }
    NDArray w = store.getValue(weight, x.getDevice(), training);
    return new NDList(convolve(x, effectiveWeight(w, x), null));
  }

  /** The weight the convolution applies: centred per filter for CenConv, else as stored. */
  private NDArray effectiveWeight(NDArray w, NDArray anchor) {
    if (!centered) {
      return w;
    }
    long fanIn = w.getShape().size() / filters;
    // Derived arrays go next to the input so they die with the iteration's scope (Scopes).
    NDArray sum = Scopes.besides(anchor, w.sum(new int[] {1, 2, 3}, true));
    NDArray mean = sum.mul(Scalars.like(anchor, 1.0 / fanIn));
    return Scopes.besides(anchor, w.sub(mean));
  }

  private NDArray convolve(NDArray x, NDArray w, NDArray bias) {
    int padding = kernel / 2;
    return Conv2d.conv2d(
            x,
            w,
            bias,
            new Shape(stride, stride),
            new Shape(padding, padding),
            new Shape(1, 1),
            groups)
        .singletonOrThrow();
  }

  /**
   * Snapshots {@code W_eff[o] * scale[o]} and {@code shift} for inference (see class comment).
   * Refolding replaces the previous snapshot.
   *
   * @param scale per output channel, shape (filters)
   * @param shift per output channel, shape (filters)
   */
  public void fold(NDArray scale, NDArray shift) {
    checkPerFilter(scale, "scale");
    checkPerFilter(shift, "shift");
    unfold();
    NDArray w = weight.getArray();
    try (NDManager scratch = w.getManager().newSubManager()) {
      Autograd.withoutGrad(
          () -> {
            NDArray anchor = scratch.zeros(new Shape(1), w.getDataType());
            NDArray perFilter = Scopes.besides(anchor, scale.reshape(filters, 1, 1, 1));
            NDArray folded = Scopes.besides(anchor, effectiveWeight(w, anchor).mul(perFilter));
            NDArray bias = Scopes.besides(anchor, shift.duplicate());
            // Survive the scratch scope: the snapshot lives as long as the weight.
            folded.attach(w.getManager());
            bias.attach(w.getManager());
            foldedWeight = folded;
            foldedBias = bias;
          });
    }
  }

  /** Drops the inference snapshot; the layer trains and infers from its weight again. */
  public void unfold() {
    if (foldedWeight != null) {
      foldedWeight.close();
      foldedBias.close();
      foldedWeight = null;
      foldedBias = null;
    }
  }

  public boolean isFolded() {
    return foldedWeight != null;
  }

  private void checkPerFilter(NDArray values, String what) {
    if (!values.getShape().equals(new Shape(filters))) {
      throw new IllegalArgumentException(
          what + " must have shape (" + filters + "), got " + values.getShape());
    }
  }
}

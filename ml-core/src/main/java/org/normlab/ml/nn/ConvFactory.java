package org.normlab.ml.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Makes the backbone's convolutions: bias-free, square {@code kernel}, "same" padding for odd
 * kernels (as in torchvision), optionally grouped (ResNeXt). Which kind is chosen by the norm: MABN
 * asks for weight-centred ones.
 */
@FunctionalInterface
public interface ConvFactory {

  /**
   * @param groups input and output channels split into this many groups (1 = dense convolution)
   */
  Block create(int kernel, int filters, int stride, int groups);

  /** A dense (ungrouped) convolution. */
  default Block create(int kernel, int filters, int stride) {
    return create(kernel, filters, stride, 1);
  }

  /** DJL's own {@code Conv2d}: what every norm but MABN uses. */
  ConvFactory PLAIN =
      (kernel, filters, stride, groups) ->
          Conv2d.builder()
              .setKernelShape(new Shape(kernel, kernel))
              .setFilters(filters)
              .optStride(new Shape(stride, stride))
              .optPadding(new Shape(kernel / 2, kernel / 2))
              .optGroups(groups)
              .optBias(false)
              .build();

  /** CenConv (MABN paper, seeds-spec D.2): per-filter weight centring, foldable for inference. */
  ConvFactory CENTERED =
      (kernel, filters, stride, groups) ->
          new FoldableConv2d(kernel, filters, stride, groups, true);

  /** A plain convolution that a following MABN layer can fold into ({@code mabn-plain}). */
  ConvFactory FOLDABLE =
      (kernel, filters, stride, groups) ->
          new FoldableConv2d(kernel, filters, stride, groups, false);
}

package org.normlab.ml.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Makes the backbone's convolutions: bias-free, square {@code kernel}, "same" padding for odd
 * kernels (as in torchvision). Which kind is chosen by the norm: MABN asks for weight-centred ones.
 */
@FunctionalInterface
public interface ConvFactory {

  Block create(int kernel, int filters, int stride);

  /** DJL's own {@code Conv2d}: what every norm but MABN uses. */
  ConvFactory PLAIN =
      (kernel, filters, stride) ->
          Conv2d.builder()
              .setKernelShape(new Shape(kernel, kernel))
              .setFilters(filters)
              .optStride(new Shape(stride, stride))
              .optPadding(new Shape(kernel / 2, kernel / 2))
              .optBias(false)
              .build();

  /** CenConv (MABN paper, seeds-spec D.2): per-filter weight centring, foldable for inference. */
  ConvFactory CENTERED =
      (kernel, filters, stride) -> new FoldableConv2d(kernel, filters, stride, true);

  /** A plain convolution that a following MABN layer can fold into ({@code mabn-plain}). */
  ConvFactory FOLDABLE =
      (kernel, filters, stride) -> new FoldableConv2d(kernel, filters, stride, false);
}

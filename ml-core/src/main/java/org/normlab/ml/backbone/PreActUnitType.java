package org.normlab.ml.backbone;

import ai.djl.nn.Block;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;

/** The unit a pre-activation ResNet-v2 stage repeats, with its stage output widths at width 64. */
enum PreActUnitType {
  /** Depths 18/34: two 3x3 convolutions, stage outputs 64/128/256/512. */
  BASIC(1) {
    @Override
    Block create(
        int inChannels, int filters, int stride, boolean project, BlockPosition at, NormPolicy n) {
      return new PreActBasic(inChannels, filters, stride, project, at, n);
    }
  },
  /** Depths 50 and up: 1x1 - 3x3 - 1x1 at a quarter width, stage outputs 256/512/1024/2048. */
  BOTTLENECK(4) {
    @Override
    Block create(
        int inChannels, int filters, int stride, boolean project, BlockPosition at, NormPolicy n) {
      return new PreActBottleneck(inChannels, filters, stride, project, at, n);
    }
  };

  private final int expansion;

  PreActUnitType(int expansion) {
    this.expansion = expansion;
  }

  /** Output channels of stage s (0-based) for a base width. */
  int filters(int baseWidth, int stage) {
    return baseWidth * expansion << stage;
  }

  abstract Block create(
      int inChannels, int filters, int stride, boolean project, BlockPosition at, NormPolicy n);
}

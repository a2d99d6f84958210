package org.normlab.ml.backbone;

import ai.djl.nn.Block;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;

/** The residual unit a ResNet stage repeats. */
public enum ResidualBlockType {
  /** Two 3x3 convolutions (ResNet-10/18/34); output channels = planes. */
  BASIC(1) {
    @Override
    Block create(
        int inChannels,
        int planes,
        int stride,
        BlockPosition position,
        NormPolicy norms,
        ResNetVariant variant) {
      return new BasicBlock(inChannels, planes, stride, position, norms);
    }
  },
  /** 1x1 - 3x3 (grouped for ResNeXt) - 1x1 (ResNet-50 and up); output channels = 4 x planes. */
  BOTTLENECK(Bottleneck.EXPANSION) {
    @Override
    Block create(
        int inChannels,
        int planes,
        int stride,
        BlockPosition position,
        NormPolicy norms,
        ResNetVariant variant) {
      return new Bottleneck(inChannels, planes, stride, position, norms, variant);
    }
  };

  private final int expansion;

  ResidualBlockType(int expansion) {
    this.expansion = expansion;
  }

  /** Output channels per plane. */
  public int expansion() {
    return expansion;
  }

  abstract Block create(
      int inChannels,
      int planes,
      int stride,
      BlockPosition position,
      NormPolicy norms,
      ResNetVariant variant);
}

package org.normlab.ml.backbone;

import ai.djl.nn.Block;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.NormPolicy;

/** The residual unit a ResNet stage repeats. The bottleneck joins with ResNet-50 and up. */
public enum ResidualBlockType {
  /** Two 3x3 convolutions (ResNet-18/34); output channels = planes. */
  BASIC(1) {
    @Override
    Block create(int inChannels, int planes, int stride, BlockPosition position, NormPolicy norms) {
      return new BasicBlock(inChannels, planes, stride, position, norms);
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
      int inChannels, int planes, int stride, BlockPosition position, NormPolicy norms);
}

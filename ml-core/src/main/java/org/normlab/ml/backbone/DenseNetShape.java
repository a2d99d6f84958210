package org.normlab.ml.backbone;

import java.util.List;

/**
 * A DenseNet-BC variant as data (torchvision's arguments): {@code initFeatures} channels out of the
 * stem, {@code growth} channels added per dense layer, dense layers per block.
 */
record DenseNetShape(int initFeatures, int growth, List<Integer> blocks) {

  /** The paper's widths are stated for baseWidth 64. */
  static final int REFERENCE_WIDTH = 64;

  DenseNetShape {
    blocks = List.copyOf(blocks);
    if (initFeatures < 1
        || growth < 1
        || blocks.isEmpty()
        || blocks.stream().anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException(
          "DenseNet needs positive widths and block sizes, got "
              + initFeatures
              + ", "
              + growth
              + ", "
              + blocks);
    }
  }

  /**
   * This shape with initFeatures and growth scaled by baseWidth / 64, so the config's baseWidth
   * narrows a DenseNet as it narrows a ResNet (64 gives the paper's widths).
   */
  DenseNetShape scaledTo(int baseWidth) {
    return new DenseNetShape(scale(initFeatures, baseWidth), scale(growth, baseWidth), blocks);
  }

  private static int scale(int width, int baseWidth) {
    return Math.max(1, width * baseWidth / REFERENCE_WIDTH);
  }
}

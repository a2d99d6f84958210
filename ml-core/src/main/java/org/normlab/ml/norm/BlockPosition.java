package org.normlab.ml.norm;

/**
 * A residual block's place in a backbone: {@code stage} 1..4 as in {@code layer1..layer4}, {@code
 * index} within the stage, and the stage's block count (IBN-b treats the last one apart). The stem
 * is stage 0.
 */
public record BlockPosition(int stage, int index, int blocksInStage) {

  /** The position of the stem. */
  public static final BlockPosition STEM = new BlockPosition(0, 0, 1);

  public BlockPosition {
    if (stage < 0 || index < 0 || blocksInStage < 1 || index >= blocksInStage) {
      throw new IllegalArgumentException(
          "invalid block position: stage " + stage + ", index " + index + " of " + blocksInStage);
    }
  }

  public boolean isLastInStage() {
    return index == blocksInStage - 1;
  }
}

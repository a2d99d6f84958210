package org.normlab.ml.norm;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.util.Pair;
import org.normlab.ml.nn.FoldableConv2d;

/**
 * Folds every MABN layer into the convolution before it, for inference: at inference MABN is the
 * per-channel affine {@code weight / sqrt(running_var + eps) * x + bias} (no mean), so the pair
 * becomes one convolution with {@code W'[o] = W_eff[o] * weight[o] / sqrt(running_var[o] + eps)}
 * and bias {@code bias[o]} ({@code W_eff} = the centred weight for CenConv), and the norm becomes
 * the identity. Inference then costs what a norm-free network costs.
 *
 * <p>A norm is folded into the convolution registered directly before it in the same parent block,
 * which is the convolution whose output it normalizes in every ml-core backbone (torchvision
 * naming: {@code convK} then {@code bnK}, {@code downsample.0} then {@code downsample.1}, stem
 * {@code conv1} then {@code bn1}). The fold is a snapshot of the current weights: fold after
 * loading them, and {@link #unfold} before training again (folded layers refuse to train).
 */
public final class MabnFolding {

  private MabnFolding() {}

  /**
   * Folds every (FoldableConv2d, MovingAverageBatchNorm2d) sibling pair under {@code root}.
   *
   * @return how many pairs were folded
   */
  public static int fold(Block root) {
    int folded = 0;
    BlockList children = root.getChildren();
    for (int i = 0; i < children.size(); i++) {
      Block child = children.get(i).getValue();
      if (i > 0
          && child instanceof MovingAverageBatchNorm2d norm
          && children.get(i - 1).getValue() instanceof FoldableConv2d conv) {
        try (NDManager scratch = norm.weight.getArray().getManager().newSubManager()) {
          NDList affine = norm.inferenceAffine(scratch);
          conv.fold(affine.get(0), affine.get(1));
        }
        norm.setFolded(true);
        folded++;
      } else {
        folded += fold(child);
      }
    }
    return folded;
  }

  /** Undoes {@link #fold} everywhere under {@code root}. */
  public static void unfold(Block root) {
    for (Pair<String, Block> child : root.getChildren()) {
      Block block = child.getValue();
      if (block instanceof FoldableConv2d conv) {
        conv.unfold();
      } else if (block instanceof MovingAverageBatchNorm2d norm) {
        norm.setFolded(false);
      } else {
        unfold(block);
      }
    }
  }
}

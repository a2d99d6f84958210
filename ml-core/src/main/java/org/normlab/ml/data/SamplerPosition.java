package org.normlab.ml.data;

/**
 * Where the sampler stands: the 0-based epoch whose permutation is being read and the offset of the
 * next sample in it. Saved in checkpoints so a resumed run continues mid-epoch.
 */
public record SamplerPosition(int epoch, int offset) {

  public SamplerPosition {
    if (epoch < 0 || offset < 0) {
      throw new IllegalArgumentException(
          "epoch and offset must be >= 0, got " + epoch + ", " + offset);
    }
  }
}

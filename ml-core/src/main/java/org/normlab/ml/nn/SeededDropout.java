package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.util.PairList;
import java.util.SplittableRandom;

/**
 * Inverted dropout ({@code torch.nn.functional.dropout}: zero with probability p, scale the rest by
 * 1 / (1 - p); identity in inference) whose mask is drawn from a seed the training loop passes with
 * each forward, not from the engine's global generator. The mask is therefore a function of the
 * experiment seed and the iteration, so a resumed run drops exactly the units the uninterrupted run
 * would have, with no generator state to checkpoint.
 *
 * <p>Networks have at most one dropout site (before the classifier), so one seed per step suffices.
 */
public final class SeededDropout {

  /** Forward-parameter key under which {@code Network.forward} passes the step's seed (a Long). */
  public static final String STEP_SEED = "normlab.dropout.stepSeed";

  private SeededDropout() {}

  /** Forward parameters that carry {@code stepSeed}. */
  public static PairList<String, Object> params(long stepSeed) {
    PairList<String, Object> params = new PairList<>();
    params.add(STEP_SEED, stepSeed);
    return params;
  }

  /**
   * @param rate probability of zeroing each element, in [0, 1)
   * @throws IllegalStateException when training with {@code rate > 0} and no step seed was passed
   */
  public static NDArray apply(
      NDArray x, double rate, boolean training, PairList<String, Object> params) {
    if (!training || rate == 0) {
      return x;
    }
    if (!(rate > 0 && rate < 1)) {
      throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
    }
    Object seed = params == null ? null : params.get(STEP_SEED);
    if (!(seed instanceof Long stepSeed)) {
      throw new IllegalStateException(
          "Dropout while training needs a per-step seed: call Network.forward(images, stepSeed)");
    }
    SplittableRandom random = new SplittableRandom(stepSeed);
    float keep = (float) (1 / (1 - rate));
    float[] mask = new float[Math.toIntExact(x.size())];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextDouble() < rate ? 0f : keep;
    }
    return x.mul(x.getManager().create(mask, x.getShape()));
  }
}

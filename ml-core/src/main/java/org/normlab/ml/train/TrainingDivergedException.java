package org.normlab.ml.train;

/**
 * The loss became NaN or infinite. The job stops without checkpointing the broken state; the last
 * good checkpoint stays in the store.
 */
public class TrainingDivergedException extends RuntimeException {

  private final long iteration;

  public TrainingDivergedException(long iteration, double loss) {
    super(
        "Loss became "
            + loss
            + " at iteration "
            + iteration
            + "; lower the learning rate or check the data and norm settings");
    this.iteration = iteration;
  }

  /** The 1-based iteration whose loss was not finite. */
  public long iteration() {
    return iteration;
  }
}

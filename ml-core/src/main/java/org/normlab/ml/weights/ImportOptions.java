package org.normlab.ml.weights;

/**
 * How {@link Weights#importInto} treats a file that does not fit the model.
 *
 * @param strict fail on any missing, unexpected or mis-shaped key, loading nothing; otherwise load
 *     every key that fits and report the rest
 */
public record ImportOptions(boolean strict) {

  /** The default: the file must fit exactly (tolerated variants aside). */
  public static final ImportOptions STRICT = new ImportOptions(true);

  /** Load what fits, as PyTorch's {@code load_state_dict(strict=False)}; read the report. */
  public static final ImportOptions LENIENT = new ImportOptions(false);
}

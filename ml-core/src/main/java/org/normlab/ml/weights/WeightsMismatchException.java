package org.normlab.ml.weights;

import java.nio.file.Path;

/**
 * A strict import found keys that do not fit; nothing was loaded. The message lists the first keys
 * of each kind with counts; {@link #report()} has them all ({@code loaded} there lists the keys
 * that fit, none of which was copied).
 */
public final class WeightsMismatchException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient ImportReport report;

  WeightsMismatchException(Path file, ImportReport report) {
    super(
        "Weights in "
            + file
            + " do not fit the model: "
            + report.problems()
            + ". Nothing was loaded; ImportOptions.LENIENT loads the keys that fit.");
    this.report = report;
  }

  public ImportReport report() {
    return report;
  }
}

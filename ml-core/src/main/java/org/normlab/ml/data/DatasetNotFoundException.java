package org.normlab.ml.data;

import java.nio.file.Path;

/**
 * A registered dataset's files are not where its definition says; the message says how to fix it.
 */
public class DatasetNotFoundException extends RuntimeException {

  private final transient Path missing;

  public DatasetNotFoundException(DatasetDefinition definition, Path missing) {
    super(
        "Dataset '"
            + definition.name()
            + "' is missing its file "
            + missing
            + ". Install it with: "
            + definition.format().installHint()
            + " (or register the dataset with a location that"
            + " holds "
            + String.join(", ", definition.format().files(Split.TRAIN))
            + " and "
            + String.join(", ", definition.format().files(Split.TEST))
            + ")");
    this.missing = missing;
  }

  /** The first file that was looked for and not found. */
  public Path missing() {
    return missing;
  }
}

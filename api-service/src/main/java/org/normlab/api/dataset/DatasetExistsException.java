package org.normlab.api.dataset;

/** A dataset of this name exists already (perhaps retired); the API answers 409. */
public class DatasetExistsException extends RuntimeException {

  private final transient Dataset existing;

  public DatasetExistsException(Dataset existing) {
    super("Dataset '" + existing.name() + "' exists already" + (existing.retired()
        ? " (retired): reinstate it with POST /api/v1/datasets/" + existing.name() + "/reinstate"
        : ": change it with PUT /api/v1/datasets/" + existing.name()));
    this.existing = existing;
  }

  public Dataset existing() {
    return existing;
  }
}

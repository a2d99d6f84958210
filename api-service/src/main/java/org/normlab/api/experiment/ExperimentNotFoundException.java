package org.normlab.api.experiment;

import java.util.UUID;

public class ExperimentNotFoundException extends RuntimeException {
  public ExperimentNotFoundException(UUID id) {
    super("No experiment with id " + id);
  }
}

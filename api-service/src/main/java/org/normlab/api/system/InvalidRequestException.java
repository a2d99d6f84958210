package org.normlab.api.system;

import java.util.List;

/** A request with one or more bad fields; the API answers 400 listing every one. */
public class InvalidRequestException extends RuntimeException {

  private final List<FieldViolation> violations;

  public InvalidRequestException(List<FieldViolation> violations) {
    super(violations.size() + " invalid field(s): "
        + String.join(", ", violations.stream().map(FieldViolation::field).toList()));
    this.violations = List.copyOf(violations);
  }

  public List<FieldViolation> violations() {
    return violations;
  }
}

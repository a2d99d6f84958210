package org.normlab.api.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** A researcher asked for a priority above the limit an admin set; the API answers 403. */
public class PriorityNotAllowedException extends RuntimeException {

  private final String requested;
  private final List<String> allowed;

  PriorityNotAllowedException(Priority requested, Priority limit, String limitedBy) {
    super("Priority '" + wire(requested) + "' is above the limit '" + wire(limit) + "' set for owner '" + limitedBy
        + "'; ask an admin to raise it (PUT /api/v1/owners/" + limitedBy + ") or to reprioritize the run");
    this.requested = wire(requested);
    this.allowed = Arrays.stream(Priority.values()).filter(p -> p.weight() <= limit.weight())
        .map(PriorityNotAllowedException::wire).toList();
  }

  public String requested() {
    return requested;
  }

  public List<String> allowed() {
    return allowed;
  }

  private static String wire(Priority p) {
    return p.name().toLowerCase(Locale.ROOT);
  }
}

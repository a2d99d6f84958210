package org.normlab.api.experiment;

import java.util.List;
import java.util.UUID;

/** A control action that the run's current state does not allow. */
public class RunStateConflictException extends RuntimeException {

  private final RunStatus status;
  private final List<RunStatus> allowed;

  public RunStateConflictException(UUID id, String action, RunStatus status, List<RunStatus> allowed) {
    super("Cannot " + action + " run " + id + " while it is " + status + "; allowed from: " + allowed);
    this.status = status;
    this.allowed = List.copyOf(allowed);
  }

  public RunStatus status() {
    return status;
  }

  public List<RunStatus> allowed() {
    return allowed;
  }
}

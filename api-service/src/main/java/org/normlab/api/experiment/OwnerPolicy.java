package org.normlab.api.experiment;

import java.time.Instant;

/**
 * How an owner's runs are scheduled: the owner's fair-share weight within a priority class, and the
 * highest priority a researcher may request for them. An owner is the name a run's fair share is
 * counted under: by default the submitting token's name, or a project the submission names.
 *
 * @param custom false for an owner no admin has set a policy for (the defaults apply)
 */
record OwnerPolicy(String owner, double weight, Priority maxPriority, boolean custom, String updatedBy,
    Instant updatedAt) {

  static OwnerPolicy defaults(String owner) {
    return new OwnerPolicy(owner, QueueOrder.DEFAULT_WEIGHT, Priority.HIGH, false, null, null);
  }
}

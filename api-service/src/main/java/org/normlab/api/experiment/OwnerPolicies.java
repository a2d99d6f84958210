package org.normlab.api.experiment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.normlab.api.auth.Caller;
import org.normlab.api.auth.Role;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.springframework.stereotype.Service;

/**
 * Owners' scheduling policies (admin-managed) and the priority rule they impose on submissions: a
 * researcher may request at most the lower of two limits, that of the owner the run counts against
 * and that of the researcher's own token name, so naming another owner never raises the limit.
 * Admins and the service's own submissions (suites) are not limited.
 */
@Service
class OwnerPolicies {

  static final Pattern OWNER = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
  static final double MIN_WEIGHT = 0.01;
  static final double MAX_WEIGHT = 1000;

  private final OwnerPolicyStore store;

  OwnerPolicies(OwnerPolicyStore store) {
    this.store = store;
  }

  List<OwnerPolicy> all() {
    return store.all();
  }

  OwnerPolicy of(String owner) {
    return store.find(owner).orElseGet(() -> OwnerPolicy.defaults(owner));
  }

  Map<String, Double> weights() {
    return store.weights();
  }

  OwnerPolicy set(String owner, OwnerPolicyRequest request, String by) {
    List<FieldViolation> violations = new ArrayList<>();
    if (!OWNER.matcher(owner).matches()) {
      violations.add(FieldViolation.of("owner", "must be 1-100 letters, digits or . _ @ -", owner));
    }
    OwnerPolicyRequest r = request == null ? new OwnerPolicyRequest(null, null) : request;
    double weight = r.weight() == null ? QueueOrder.DEFAULT_WEIGHT : r.weight();
    if (!(weight >= MIN_WEIGHT && weight <= MAX_WEIGHT)) {
      violations.add(FieldViolation.of("weight", "must be between " + MIN_WEIGHT + " and " + MAX_WEIGHT, r.weight()));
    }
    String max = r.maxPriority() == null ? "high" : r.maxPriority().toLowerCase(Locale.ROOT);
    if (!Priority.NAMES.contains(max)) {
      violations.add(FieldViolation.oneOf("maxPriority", r.maxPriority(), Priority.NAMES));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    store.upsert(owner, weight, Priority.valueOf(max.toUpperCase(Locale.ROOT)), by);
    return of(owner);
  }

  /** Back to the defaults; the owner's policy as it now is. */
  OwnerPolicy reset(String owner) {
    store.delete(owner);
    return OwnerPolicy.defaults(owner);
  }

  /**
   * Refuses a researcher's submission whose priority is above what its owner, or the researcher's
   * token name, may request. Low is always allowed, so most submissions cost no lookup.
   */
  void checkPriority(Caller caller, Scheduling scheduling) {
    if (caller == null || caller.role().includes(Role.ADMIN) || scheduling.priority() == Priority.LOW) {
      return;
    }
    Set<String> names = new LinkedHashSet<>(List.of(scheduling.owner(), caller.name()));
    Priority limit = Priority.HIGH;
    String limitedBy = null;
    for (OwnerPolicy policy : store.findAll(names)) {
      if (policy.maxPriority().weight() < limit.weight()) {
        limit = policy.maxPriority();
        limitedBy = policy.owner();
      }
    }
    if (scheduling.priority().weight() > limit.weight()) {
      throw new PriorityNotAllowedException(scheduling.priority(), limit, limitedBy);
    }
  }
}

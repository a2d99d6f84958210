package org.normlab.api.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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

  /** The whole table (admins set a policy for few owners), and when it was read. */
  private record Snapshot(Map<String, OwnerPolicy> byOwner, Map<String, Double> weights, long loadedAt) {}

  private final OwnerPolicyStore store;
  private final long refreshNanos;
  private volatile Snapshot snapshot;

  OwnerPolicies(OwnerPolicyStore store, SchedulerProperties properties) {
    this.store = store;
    this.refreshNanos = properties.policyRefresh().toNanos();
  }

  List<OwnerPolicy> all() {
    return List.copyOf(current().byOwner().values());
  }

  /** {@link #of}, asked for by name over REST: 400 naming {@code owner} for a name no owner can have. */
  OwnerPolicy read(String owner) {
    checkName(owner);
    return of(owner);
  }

  /** The owner's policy, the defaults if no admin set one. */
  OwnerPolicy of(String owner) {
    OwnerPolicy policy = current().byOwner().get(owner);
    return policy != null ? policy : OwnerPolicy.defaults(owner);
  }

  /** Weights that differ from the default, by owner: what {@link QueueOrder} needs. */
  Map<String, Double> weights() {
    return current().weights();
  }

  OwnerPolicy set(String owner, OwnerPolicyRequest request, String by) {
    List<FieldViolation> violations = new ArrayList<>(nameViolations(owner));
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
    load(true);
    return of(owner);
  }

  /** Back to the defaults; the owner's policy as it now is. */
  OwnerPolicy reset(String owner) {
    checkName(owner);
    store.delete(owner);
    load(true);
    return OwnerPolicy.defaults(owner);
  }

  private static void checkName(String owner) {
    List<FieldViolation> violations = nameViolations(owner);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
  }

  private static List<FieldViolation> nameViolations(String owner) {
    return OWNER.matcher(owner).matches()
        ? List.of() : List.of(FieldViolation.of("owner", "must be 1-100 letters, digits or . _ @ -", owner));
  }

  /**
   * Refuses a researcher's submission whose priority is above what its owner, or the researcher's
   * token name, may request. Answered from the cached table: no database round trip per submission.
   */
  void checkPriority(Caller caller, Scheduling scheduling) {
    // Admins and the service itself (caller null: suites) are not limited; low is always allowed.
    if (caller == null || caller.role().includes(Role.ADMIN) || scheduling.priority() == Priority.LOW) {
      return;
    }
    Priority limit = Priority.HIGH;
    String limitedBy = null;
    for (String name : new LinkedHashSet<>(List.of(scheduling.owner(), caller.name()))) {
      OwnerPolicy policy = of(name);
      if (policy.maxPriority().weight() < limit.weight()) {
        limit = policy.maxPriority();
        limitedBy = policy.owner();
      }
    }
    if (scheduling.priority().weight() > limit.weight()) {
      throw new PriorityNotAllowedException(scheduling.priority(), limit, limitedBy);
    }
  }

  /**
   * The table as this instance last read it: again when older than
   * {@code normlab.scheduler.policy-refresh}, at once after a change made through this instance.
   */
  private Snapshot current() {
    Snapshot s = snapshot;
    return fresh(s) ? s : load(false);
  }

  private boolean fresh(Snapshot s) {
    return s != null && System.nanoTime() - s.loadedAt() <= refreshNanos;
  }

  private synchronized Snapshot load(boolean force) {
    if (!force && fresh(snapshot)) {
      return snapshot; // another thread read it while this one waited
    }
    Map<String, OwnerPolicy> byOwner = new TreeMap<>();
    Map<String, Double> weights = new HashMap<>();
    for (OwnerPolicy policy : store.all()) {
      byOwner.put(policy.owner(), policy);
      if (policy.weight() != QueueOrder.DEFAULT_WEIGHT) {
        weights.put(policy.owner(), policy.weight());
      }
    }
    Snapshot fresh = new Snapshot(Collections.unmodifiableMap(byOwner), Map.copyOf(weights), System.nanoTime());
    snapshot = fresh;
    return fresh;
  }
}

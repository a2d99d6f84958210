package org.normlab.api.auth;

import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The role each request needs, as a table read top to bottom: the first rule whose methods and path
 * prefix match decides; anything no rule names needs a viewer token, so a new endpoint is never
 * public by accident. Only the actuator (probes and metrics) needs none: it is meant for the
 * cluster's network, not the public one (docs/operations.md).
 */
@Component
class AccessPolicy {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<String> ANY = Set.of();

  /** {@code methods} empty: any method. */
  private record Rule(Set<String> methods, String pathPrefix, Role role) {
    boolean matches(String method, String path) {
      return path.startsWith(pathPrefix) && (methods.isEmpty() || methods.contains(method));
    }
  }

  private static final List<Rule> RULES = List.of(
      new Rule(ANY, "/actuator/", null),
      new Rule(ANY, "/api/v1/tokens", Role.ADMIN),
      // Datasets and owners' scheduling policies: everyone reads them, admins manage them.
      new Rule(READS, "/api/v1/datasets", Role.VIEWER),
      new Rule(ANY, "/api/v1/datasets", Role.ADMIN),
      new Rule(READS, "/api/v1/owners", Role.VIEWER),
      new Rule(ANY, "/api/v1/owners", Role.ADMIN),
      // Changing a submitted run's scheduling (its priority) is an admin's decision.
      new Rule(Set.of("PATCH"), "/api/v1/experiments/", Role.ADMIN),
      new Rule(READS, "/api/", Role.VIEWER),
      new Rule(ANY, "/api/", Role.RESEARCHER));

  private static final Rule ANYTHING_ELSE = new Rule(ANY, "/", Role.VIEWER);

  /** The role the request needs; null when it needs no token. */
  Role required(String method, String path) {
    return RULES.stream().filter(r -> r.matches(method, path)).findFirst().orElse(ANYTHING_ELSE).role();
  }
}

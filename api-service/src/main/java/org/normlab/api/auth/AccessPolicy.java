package org.normlab.api.auth;

import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The role each request needs, as a table read top to bottom: the first rule whose method and path
 * prefix match decides; anything no rule names needs a viewer token, so a new endpoint is never
 * public by accident. Only the actuator (probes and metrics) needs none: it is meant for the
 * cluster's network, not the public one (docs/operations.md).
 */
@Component
class AccessPolicy {

  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  private record Rule(String pathPrefix, boolean readsOnly, Role role) {
    boolean matches(String method, String path) {
      return path.startsWith(pathPrefix) && (!readsOnly || READS.contains(method));
    }
  }

  private static final List<Rule> RULES = List.of(
      new Rule("/actuator/", false, null),
      new Rule("/api/v1/tokens", false, Role.ADMIN),
      // Datasets are registered in configuration today; any future mutation of them is admin's.
      new Rule("/api/v1/datasets", true, Role.VIEWER),
      new Rule("/api/v1/datasets", false, Role.ADMIN),
      new Rule("/api/", true, Role.VIEWER),
      new Rule("/api/", false, Role.RESEARCHER));

  private static final Rule ANYTHING_ELSE = new Rule("/", false, Role.VIEWER);

  /** The role the request needs; null when it needs no token. */
  Role required(String method, String path) {
    return RULES.stream().filter(r -> r.matches(method, path)).findFirst().orElse(ANYTHING_ELSE).role();
  }
}

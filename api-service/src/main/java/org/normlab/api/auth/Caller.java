package org.normlab.api.auth;

import java.util.UUID;

/**
 * Who made a request: the token's id (null for the bootstrap token from configuration), its name,
 * role, and its own request rate if it has one (null: the service's default).
 */
public record Caller(UUID tokenId, String name, Role role, Integer requestsPerSecond) {

  /** Request attribute under which the authenticated caller is kept for controllers. */
  public static final String ATTRIBUTE = "org.normlab.api.auth.Caller";

  /** The key the rate limiter counts under: one bucket per token. */
  String bucketKey() {
    return tokenId == null ? "bootstrap" : tokenId.toString();
  }
}

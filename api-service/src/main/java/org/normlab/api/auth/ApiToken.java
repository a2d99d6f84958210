package org.normlab.api.auth;

import java.time.Instant;
import java.util.UUID;

/** A stored token as listed to admins: never its secret, which only its creator ever sees. */
public record ApiToken(UUID id, String name, String role, Integer requestsPerSecond, String createdBy,
    Instant createdAt, Instant revokedAt) {

  public boolean revoked() {
    return revokedAt != null;
  }
}

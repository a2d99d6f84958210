package org.normlab.api.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Authentication settings.
 *
 * @param bootstrapToken an admin secret from configuration (env {@code NORMLAB_BOOTSTRAP_TOKEN}) so
 *     that a fresh install can create its first tokens; empty: none. At least 32 characters.
 * @param cacheTtl how long a token lookup is trusted before the database is asked again: a token
 *     revoked through another API instance stops working within this time (at once on this one)
 * @param rateLimit the default per-token request rate; a token may carry its own
 */
@ConfigurationProperties("normlab.auth")
public record AuthProperties(String bootstrapToken, Duration cacheTtl, RateLimit rateLimit) {

  static final int MIN_BOOTSTRAP_LENGTH = 32;

  public AuthProperties {
    bootstrapToken = bootstrapToken == null || bootstrapToken.isBlank() ? null : bootstrapToken.strip();
    if (bootstrapToken != null && bootstrapToken.length() < MIN_BOOTSTRAP_LENGTH) {
      throw new IllegalArgumentException("normlab.auth.bootstrap-token must be at least " + MIN_BOOTSTRAP_LENGTH
          + " characters of random text (e.g. `openssl rand -base64 32`)");
    }
    cacheTtl = cacheTtl == null ? Duration.ofSeconds(5) : cacheTtl;
    rateLimit = rateLimit == null ? new RateLimit(0, 0) : rateLimit;
  }

  /**
   * A token bucket: {@code requestsPerSecond} refill, {@code burst} capacity. Generous by default
   * (10,000/s, burst 20,000) so that one client's load test is not throttled unless asked.
   */
  public record RateLimit(int requestsPerSecond, int burst) {
    public RateLimit {
      requestsPerSecond = requestsPerSecond <= 0 ? 10_000 : requestsPerSecond;
      burst = burst <= 0 ? 2 * requestsPerSecond : burst;
    }
  }
}

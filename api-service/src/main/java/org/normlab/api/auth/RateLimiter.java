package org.normlab.api.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * One token bucket per API token: it holds up to {@code burst} requests and refills at the token's
 * rate (its own, or {@code normlab.auth.rate-limit.requests-per-second}).
 */
@Component
class RateLimiter {

  private final AuthProperties.RateLimit defaults;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(AuthProperties properties) {
    this.defaults = properties.rateLimit();
  }

  /** Takes one request from the caller's bucket; 0 when allowed, else the seconds until one is. */
  long tryAcquire(Caller caller) {
    Bucket bucket = buckets.computeIfAbsent(caller.bucketKey(), k -> caller.requestsPerSecond() == null
        ? new Bucket(defaults.requestsPerSecond(), defaults.burst())
        // A token's own rate is its burst too: one second's worth.
        : new Bucket(caller.requestsPerSecond(), caller.requestsPerSecond()));
    return bucket.tryTake(System.nanoTime());
  }

  static final class Bucket {
    private final double perNano;
    private final double capacity;
    private double available;
    private long refilledAt;

    Bucket(int perSecond, int capacity) {
      this.perNano = perSecond / 1e9;
      this.capacity = capacity;
      this.available = capacity;
      this.refilledAt = System.nanoTime();
    }

    synchronized long tryTake(long now) {
      available = Math.min(capacity, available + (now - refilledAt) * perNano);
      refilledAt = now;
      if (available >= 1) {
        available -= 1;
        return 0;
      }
      long waitNanos = (long) Math.ceil((1 - available) / perNano);
      return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
    }
  }
}

package org.normlab.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketAllowsItsBurstThenAsksToWait() {
    RateLimiter.Bucket bucket = new RateLimiter.Bucket(1, 3);
    long now = System.nanoTime();

    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isZero();
    assertThat(bucket.tryTake(now)).isEqualTo(1);
  }

  @Test
  void itRefillsAtItsRateAndNeverAboveItsCapacity() {
    RateLimiter.Bucket bucket = new RateLimiter.Bucket(2, 2);
    long now = System.nanoTime();
    bucket.tryTake(now);
    bucket.tryTake(now);

    assertThat(bucket.tryTake(now + SECOND / 2)).isZero(); // one request refilled in half a second
    assertThat(bucket.tryTake(now + SECOND / 2)).isPositive();
    long later = now + 100 * SECOND; // an idle minute refills only up to the capacity
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isZero();
    assertThat(bucket.tryTake(later)).isPositive();
  }

  @Test
  void eachTokenHasItsOwnBucketAndItsOwnRateWhenItHasOne() {
    RateLimiter limiter = new RateLimiter(new AuthProperties(null, null, new AuthProperties.RateLimit(1000, 1000)));
    Caller slow = new Caller(java.util.UUID.randomUUID(), "slow", Role.VIEWER, 1);
    Caller fast = new Caller(java.util.UUID.randomUUID(), "fast", Role.VIEWER, null);

    assertThat(limiter.tryAcquire(slow)).isZero();
    assertThat(limiter.tryAcquire(slow)).isPositive();
    for (int i = 0; i < 100; i++) {
      assertThat(limiter.tryAcquire(fast)).isZero();
    }
  }
}

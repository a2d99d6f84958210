package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.OptimisticLockingFailureException;

class ConcurrentChangesTest {

  @Test
  void anActionThatLostARaceToAHeartbeatRunsAgainAndSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    String result = ConcurrentChanges.retry(() -> {
      if (calls.incrementAndGet() < 3) {
        throw new OptimisticLockingFailureException("version bumped by a heartbeat");
      }
      return "cancelled";
    });
    assertThat(result).isEqualTo("cancelled");
    assertThat(calls).hasValue(3);
  }

  @Test
  void aRunThatKeepsChangingIsAConflictAfterTheLastAttempt() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ConcurrentChanges.retry(() -> {
      calls.incrementAndGet();
      throw new OptimisticLockingFailureException("always changed");
    })).isInstanceOf(OptimisticLockingFailureException.class);
    assertThat(calls).hasValue(ConcurrentChanges.ATTEMPTS);
  }

  @Test
  void otherFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> ConcurrentChanges.retry(() -> {
      calls.incrementAndGet();
      throw new IllegalStateException("invalid state");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(calls).hasValue(1);
  }
}

package org.normlab.api.experiment;

import java.util.function.Supplier;
import org.springframework.dao.OptimisticLockingFailureException;

/**
 * Control actions (cancel, pause, resume, reprioritize) race with the run's own traffic: a heartbeat
 * renewing its lease or a progress event bumps the row's version between our read and our write.
 * Such a conflict says nothing about the request, so the action runs again, in a new transaction
 * that re-reads the run and re-checks its state; only a run that keeps changing answers 409.
 */
final class ConcurrentChanges {

  static final int ATTEMPTS = 4;

  private ConcurrentChanges() {}

  static <T> T retry(Supplier<T> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return change.get();
      } catch (OptimisticLockingFailureException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}

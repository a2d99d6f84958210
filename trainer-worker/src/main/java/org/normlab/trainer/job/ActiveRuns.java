package org.normlab.trainer.job;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.worker.WorkerHeartbeat;
import org.springframework.stereotype.Component;

/** The attempts this worker is training, with the stop requests addressed to them. */
@Component
class ActiveRuns {

  /** One attempt in progress: how far it got, and whether it was asked to stop. */
  static final class ActiveRun {
    final UUID runId;
    final int attempt;
    final AtomicLong iteration = new AtomicLong();
    final AtomicReference<RunControl.Action> stop = new AtomicReference<>();

    ActiveRun(UUID runId, int attempt) {
      this.runId = runId;
      this.attempt = attempt;
    }
  }

  private final Map<UUID, ActiveRun> runs = new ConcurrentHashMap<>();

  /** Registers an attempt; empty when this worker already runs an attempt of that run. */
  Optional<ActiveRun> start(UUID runId, int attempt) {
    ActiveRun run = new ActiveRun(runId, attempt);
    return runs.putIfAbsent(runId, run) == null ? Optional.of(run) : Optional.empty();
  }

  void finish(ActiveRun run) {
    runs.remove(run.runId, run);
  }

  /** Asks the matching attempt to stop; returns whether this worker runs it. */
  boolean requestStop(UUID runId, int attempt, RunControl.Action action) {
    ActiveRun run = runs.get(runId);
    if (run == null || run.attempt != attempt) {
      return false;
    }
    run.stop.compareAndSet(null, action);
    return true;
  }

  int size() {
    return runs.size();
  }

  List<WorkerHeartbeat.ActiveAttempt> snapshot() {
    return runs.values().stream()
        .map(r -> new WorkerHeartbeat.ActiveAttempt(r.runId, r.attempt, r.iteration.get()))
        .toList();
  }
}

package org.normlab.trainer.job;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.normlab.contracts.run.RunDispatch;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The worker's training slots: one thread per slot, each training one attempt at a time. */
@Component
class TrainingSlots implements DisposableBean {

  private final int slots;
  private final ExecutorService pool;
  private final TrainJobHandler handler;

  TrainingSlots(@Value("${normlab.slots:1}") int slots, TrainJobHandler handler) {
    this.slots = slots;
    this.handler = handler;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(slots, r -> new Thread(r, "training-slot-" + n.incrementAndGet()));
  }

  int slots() {
    return slots;
  }

  /** Queues the attempt; the scheduler only assigns when a slot is free, so it starts at once. */
  void submit(RunDispatch dispatch) {
    pool.execute(() -> handler.handle(dispatch));
  }

  @Override
  public void destroy() {
    pool.shutdownNow();
  }
}

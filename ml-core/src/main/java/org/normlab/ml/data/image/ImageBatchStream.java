package org.normlab.ml.data.image;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes batches ahead of the consumer on a pool of decoder threads. Batch {@code b} holds the
 * samples {@link Plan#indices(long)} of epoch {@link Plan#epoch(long)}, in that order, whatever
 * order the threads finish in; at most {@code prefetch} batches are decoded or waiting ahead of
 * the one taken. Taking batch numbers in order streams; taking any other number restarts the
 * stream there (a resume, or an evaluation from the start).
 */
public final class ImageBatchStream implements AutoCloseable {

  /** Which samples make each batch. */
  public interface Plan {

    long batches();

    int[] indices(long batch);

    int epoch(long batch);
  }

  private record Pending(long batch, CompletableFuture<DecodedBatch> result) {}

  private final SampleLoader samples;
  private final Plan plan;
  private final int prefetch;
  private final ExecutorService pool;
  private final Deque<Pending> queue = new ArrayDeque<>();
  private long nextToSchedule = -1;

  public ImageBatchStream(SampleLoader samples, Plan plan, int threads, int prefetch) {
    if (threads < 1 || prefetch < 1) {
      throw new IllegalArgumentException(
          "decoder threads and prefetch must be >= 1, got " + threads + " and " + prefetch);
    }
    this.samples = samples;
    this.plan = plan;
    this.prefetch = prefetch;
    this.pool = Executors.newFixedThreadPool(threads, daemonThreads());
  }

  /**
   * Batch {@code batch}, waiting for it if it is still being decoded.
   *
   * @throws IllegalStateException when its samples could not be made (see {@link SampleLoader})
   */
  public DecodedBatch take(long batch) {
    if (batch < 0 || batch >= plan.batches()) {
      throw new IllegalArgumentException("batch " + batch + " outside 0.." + (plan.batches() - 1));
    }
    if (queue.isEmpty() || queue.peekFirst().batch() != batch) {
      restartAt(batch);
    }
    Pending head = queue.pollFirst();
    fill();
    try {
      return head.result().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for batch " + batch, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("Batch " + batch + " could not be decoded", cause);
    }
  }

  private void restartAt(long batch) {
    for (Pending pending : queue) {
      pending.result().cancel(false);
    }
    queue.clear();
    nextToSchedule = batch;
    fill();
  }

  private void fill() {
    while (queue.size() < prefetch && nextToSchedule >= 0 && nextToSchedule < plan.batches()) {
      queue.addLast(new Pending(nextToSchedule, schedule(nextToSchedule)));
      nextToSchedule++;
    }
  }

  /** One task per sample, each writing its own slot; the batch completes when all have. */
  private CompletableFuture<DecodedBatch> schedule(long batch) {
    int[] indices = plan.indices(batch);
    int epoch = plan.epoch(batch);
    int size = samples.outputSize();
    SampleLoader.Sample[] slots = new SampleLoader.Sample[indices.length];
    CompletableFuture<?>[] tasks = new CompletableFuture<?>[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int slot = i;
      tasks[i] =
          CompletableFuture.runAsync(() -> slots[slot] = samples.load(epoch, indices[slot]), pool);
    }
    return CompletableFuture.allOf(tasks).thenApply(done -> pack(slots, size));
  }

  /** Kept samples in slot order; slots left empty (evaluation) close up. */
  private static DecodedBatch pack(SampleLoader.Sample[] slots, int size) {
    int kept = 0;
    int skipped = 0;
    for (SampleLoader.Sample sample : slots) {
      skipped += sample.skipped();
      if (sample.pixels() != null) {
        kept++;
      }
    }
    float[] pixels = new float[kept * size];
    long[] labels = new long[kept];
    int at = 0;
    for (SampleLoader.Sample sample : slots) {
      if (sample.pixels() != null) {
        System.arraycopy(sample.pixels(), 0, pixels, at * size, size);
        labels[at++] = sample.label();
      }
    }
    return new DecodedBatch(pixels, labels, kept, size, skipped);
  }

  @Override
  public void close() {
    for (Pending pending : queue) {
      pending.result().cancel(false);
    }
    queue.clear();
    pool.shutdownNow();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "image-decoder-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

}

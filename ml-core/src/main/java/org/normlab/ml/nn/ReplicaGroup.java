package org.normlab.ml.nn;

/**
 * The replicas of one data-parallel training step, meeting at all-reduce points. Every replica
 * calls {@link #allReduceSum} at the same points in the same order (its synchronized layers in
 * forward order, then in reverse order during backward), so the k-th call of each replica joins
 * the k-th round. A round completes when all replicas have arrived; each then gets the same sum.
 *
 * <p>Sums are taken in double precision in rank order, so every replica receives bitwise the same
 * values, independent of arrival order. The values are per-channel statistics (a few hundred
 * numbers per layer), so reducing them on the host costs less than the device transfers it saves
 * nothing on: the same code serves CPU and GPU replicas.
 *
 * <p>A replica that fails calls {@link #abort}; replicas waiting in or arriving at a round then
 * fail too instead of waiting forever.
 */
public final class ReplicaGroup {

  private final int size;
  private final double[][] slots;
  private int arrived;
  private long round;
  private double[] result;
  private Throwable abortedBy;

  public ReplicaGroup(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a replica group needs >= 1 replica, got " + size);
    }
    this.size = size;
    this.slots = new double[size][];
  }

  public int size() {
    return size;
  }

  /**
   * The element-wise sum of every replica's {@code local} for this round; blocks until all
   * replicas have contributed.
   *
   * @throws IllegalArgumentException when the replicas' lengths differ (they called different
   *     layers: a bug)
   * @throws ReplicaAbortedException when another replica failed
   */
  public synchronized double[] allReduceSum(int rank, double[] local) {
    if (rank < 0 || rank >= size) {
      throw new IllegalArgumentException("rank " + rank + " outside a group of " + size);
    }
    if (size == 1) {
      return local.clone();
    }
    checkNotAborted();
    slots[rank] = local;
    long mine = round;
    if (++arrived == size) {
      result = sum();
      arrived = 0;
      round++;
      notifyAll();
      return result.clone();
    }
    while (round == mine && abortedBy == null) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        abort(e);
      }
    }
    if (round == mine) {
      checkNotAborted();
    }
    return result.clone();
  }

  /** Fails the current and every later round on all replicas. */
  public synchronized void abort(Throwable cause) {
    if (abortedBy == null) {
      abortedBy = cause;
    }
    notifyAll();
  }

  private double[] sum() {
    int length = slots[0].length;
    double[] total = new double[length];
    for (int rank = 0; rank < size; rank++) {
      double[] values = slots[rank];
      if (values.length != length) {
        IllegalArgumentException mismatch =
            new IllegalArgumentException(
                "replicas reduced different lengths: rank 0 sent "
                    + length
                    + ", rank "
                    + rank
                    + " sent "
                    + values.length);
        abort(mismatch);
        throw mismatch;
      }
      for (int i = 0; i < length; i++) {
        total[i] += values[i];
      }
      slots[rank] = null;
    }
    return total;
  }

  private void checkNotAborted() {
    if (abortedBy != null) {
      throw new ReplicaAbortedException(abortedBy);
    }
  }

  /** Thrown on a replica whose group was aborted by another replica's failure. */
  public static final class ReplicaAbortedException extends RuntimeException {
    ReplicaAbortedException(Throwable cause) {
      super("another replica of this step failed: " + cause, cause);
    }
  }
}

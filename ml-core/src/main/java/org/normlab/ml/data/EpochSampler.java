package org.normlab.ml.data;

import java.util.SplittableRandom;
import org.normlab.ml.Seeds;

/**
 * Deterministic shuffling: epoch {@code e} visits the split in a permutation derived only from
 * (seed, e), cut into batches of {@code batchSize}; the incomplete last batch is dropped so every
 * step sees the same batch size (and every normalization group is full). Because the order is a
 * pure function of (seed, epoch), a run resumed at any iteration sees exactly the batches an
 * uninterrupted run would have seen.
 */
public final class EpochSampler {

  private final int datasetSize;
  private final int batchSize;
  private final long seed;
  private int cachedEpoch = -1;
  private int[] cachedOrder;

  public EpochSampler(int datasetSize, int batchSize, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (datasetSize < batchSize) {
      throw new IllegalArgumentException(
          "The split has " + datasetSize + " samples, fewer than one batch of " + batchSize);
    }
    this.datasetSize = datasetSize;
    this.batchSize = batchSize;
    this.seed = seed;
  }

  /** Full batches per epoch. */
  public int batchesPerEpoch() {
    return datasetSize / batchSize;
  }

  public int batchSize() {
    return batchSize;
  }

  /**
   * Where the batch of a 0-based iteration starts: its epoch and offset into that epoch's order.
   */
  public SamplerPosition positionOf(long iteration) {
    int epoch = Math.toIntExact(iteration / batchesPerEpoch());
    int offset = (int) (iteration % batchesPerEpoch()) * batchSize;
    return new SamplerPosition(epoch, offset);
  }

  /** Sample indices of the batch that starts at {@code position}. */
  public int[] batchAt(SamplerPosition position) {
    if (position.offset() < 0 || position.offset() + batchSize > datasetSize) {
      throw new IllegalArgumentException("No full batch at " + position);
    }
    int[] order = order(position.epoch());
    int[] batch = new int[batchSize];
    System.arraycopy(order, position.offset(), batch, 0, batchSize);
    return batch;
  }

  /**
   * The permutation of epoch {@code epoch} (0-based): a Fisher-Yates shuffle seeded by (seed,
   * epoch).
   */
  public int[] order(int epoch) {
    if (epoch != cachedEpoch) {
      SplittableRandom random = new SplittableRandom(Seeds.derive(seed, "sampler", epoch));
      int[] order = new int[datasetSize];
      for (int i = 0; i < datasetSize; i++) {
        order[i] = i;
      }
      for (int i = datasetSize - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      cachedOrder = order;
      cachedEpoch = epoch;
    }
    return cachedOrder.clone();
  }
}

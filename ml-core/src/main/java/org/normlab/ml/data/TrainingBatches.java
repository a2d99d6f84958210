package org.normlab.ml.data;

import ai.djl.ndarray.NDManager;
import org.normlab.ml.data.BatchAssembler.Batch;

/**
 * The batches of a training run by iteration: iteration {@code i} always gets the same samples
 * (the sampler's) with the same augmentation, however the run got there (fresh or resumed).
 */
public interface TrainingBatches extends AutoCloseable {

  /** The batch of {@code iteration}, created on {@code scope}. */
  Batch next(NDManager scope, long iteration);

  /**
   * Corrupt images skipped in the batches handed out so far, or null for a source that holds
   * decoded images and has nothing to skip.
   */
  Long skippedImages();

  @Override
  void close();

  /** An in-memory split: the sampler's indices assembled straight from memory. */
  static TrainingBatches inMemory(EpochSampler sampler, BatchAssembler assembler) {
    return new TrainingBatches() {
      @Override
      public Batch next(NDManager scope, long iteration) {
        return assembler.assemble(scope, sampler.batchAt(sampler.positionOf(iteration)));
      }

      @Override
      public Long skippedImages() {
        return null;
      }

      @Override
      public void close() {}
    };
  }
}

package org.normlab.ml.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.normlab.contracts.eval.InferenceSpeed;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Torch;

/**
 * Forward passes per second on one fixed batch of the dataset's input size, without data loading,
 * so that every run on a dataset is timed alike whatever batch it trained with.
 */
public final class InferenceSpeedMeter {

  /** Images per timed forward pass: one batch size for every run keeps speeds comparable. */
  public static final int BATCH_SIZE = 32;

  static final int WARMUP_BATCHES = 3;
  static final int MIN_TIMED_BATCHES = 5;
  static final int MAX_TIMED_BATCHES = 50;
  /** Timing stops after this long (at least MIN_TIMED_BATCHES): large models on CPU stay affordable. */
  static final long TIME_BUDGET_NANOS = 2_000_000_000L;

  private InferenceSpeedMeter() {}

  /** Times inference-mode forward passes of {@code network} (grad mode off) on random input. */
  public static InferenceSpeed measure(Network network, DatasetDefinition dataset) {
    boolean gradMode = Torch.isGradMode();
    Torch.setGradMode(false);
    try (NDManager scope = network.manager().newSubManager()) {
      Shape shape = new Shape(BATCH_SIZE, dataset.channels(), dataset.height(), dataset.width());
      NDArray input = scope.randomNormal(shape);
      for (int i = 0; i < WARMUP_BATCHES; i++) {
        forward(network, input);
      }
      int timed = 0;
      long started = System.nanoTime();
      long elapsed = 0;
      while (timed < MAX_TIMED_BATCHES && (timed < MIN_TIMED_BATCHES || elapsed < TIME_BUDGET_NANOS)) {
        forward(network, input);
        timed++;
        elapsed = System.nanoTime() - started;
      }
      return new InferenceSpeed(BATCH_SIZE, dataset.channels(), dataset.height(), dataset.width(), timed,
          (double) BATCH_SIZE * timed / (elapsed / 1e9));
    } finally {
      Torch.setGradMode(gradMode);
    }
  }

  /**
   * One pass on a copy of the input held by a per-pass manager: results live in the input's
   * manager, so the copy lets each pass's intermediates be freed at once (the copy costs far less
   * than the pass).
   */
  private static void forward(Network network, NDArray input) {
    try (NDManager pass = input.getManager().newSubManager()) {
      NDArray copy = input.duplicate();
      copy.attach(pass);
      // toFloatArray waits for the result: asynchronous devices are timed to completion.
      network.forward(copy, false).get(0).toFloatArray();
    }
  }
}

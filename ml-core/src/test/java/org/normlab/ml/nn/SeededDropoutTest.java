package org.normlab.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Inverted dropout as {@code torch.nn.functional.dropout} defines it (kept values scaled by
 * 1 / (1 - p), identity in inference); the mask itself comes from our seed, not torch's generator,
 * so it is checked for its rate and its reproducibility rather than against torch's draws.
 */
class SeededDropoutTest {

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  @Test
  void keptValuesAreScaledByOneOverKeepProbabilityAndTheRestAreZero() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.arange(1f, 20_001f).reshape(100, 200);
      float[] in = x.toFloatArray();
      float[] out = SeededDropout.apply(x, 0.2, true, SeededDropout.params(7)).toFloatArray();
      int dropped = 0;
      for (int i = 0; i < out.length; i++) {
        if (out[i] == 0) {
          dropped++;
        } else {
          assertThat(out[i]).isCloseTo(in[i] / 0.8f, within(in[i] * 1e-6f));
        }
      }
      // 20,000 Bernoulli(0.2) draws: mean 4,000, sd about 57; 5 sd either side.
      assertThat(dropped).isBetween(4000 - 285, 4000 + 285);
    }
  }

  @Test
  void theSameSeedDrawsTheSameMaskAndAnotherSeedAnother() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(8, 64));
      float[] a = SeededDropout.apply(x, 0.5, true, SeededDropout.params(1)).toFloatArray();
      float[] b = SeededDropout.apply(x, 0.5, true, SeededDropout.params(1)).toFloatArray();
      float[] c = SeededDropout.apply(x, 0.5, true, SeededDropout.params(2)).toFloatArray();
      assertThat(b).isEqualTo(a);
      assertThat(c).isNotEqualTo(a);
    }
  }

  @Test
  void inferenceAndRateZeroPassTheInputThrough() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(4, 4));
      assertThat(SeededDropout.apply(x, 0.5, false, null)).isSameAs(x);
      assertThat(SeededDropout.apply(x, 0, true, null)).isSameAs(x);
    }
  }

  @Test
  void gradientFlowsOnlyThroughKeptUnitsScaled() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(2, 50));
      x.setRequiresGradient(true);
      NDArray y;
      try (Autograd tape = Autograd.record()) {
        y = SeededDropout.apply(x, 0.25, true, SeededDropout.params(3));
        Torch.backward(y.sum());
      }
      assertThat(x.getGradient().toFloatArray()).isEqualTo(y.toFloatArray());
    }
  }

  @Test
  void trainingWithoutAStepSeedIsRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.ones(new Shape(2, 2));
      assertThatThrownBy(() -> SeededDropout.apply(x, 0.5, true, null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("per-step seed");
    }
  }
}

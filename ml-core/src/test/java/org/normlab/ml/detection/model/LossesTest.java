package org.normlab.ml.detection.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class LossesTest {

  @Test
  void binaryCrossEntropyOfLogitsIsTheMeanOfMinusLogLikelihoods() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] x = {2f, -1f, 30f, -30f};
      float[] y = {1f, 0f, 0f, 0.5f};
      double expected = 0;
      for (int i = 0; i < x.length; i++) {
        double p = 1 / (1 + Math.exp(-x[i]));
        // log(1 - p) computed stably for large logits.
        double logP = -Math.log1p(Math.exp(-x[i]));
        double logNotP = -x[i] - Math.log1p(Math.exp(-x[i]));
        if (x[i] < 0) {
          logP = x[i] - Math.log1p(Math.exp(x[i]));
          logNotP = -Math.log1p(Math.exp(x[i]));
        }
        expected -= y[i] * logP + (1 - y[i]) * logNotP;
        assertThat(p).isBetween(0.0, 1.0);
      }
      expected /= x.length;
      float actual =
          Losses.binaryCrossEntropyWithLogits(manager.create(x), manager.create(y)).getFloat();
      assertThat((double) actual).isCloseTo(expected, Offset.offset(1e-5));
    }
  }

  @Test
  void smoothL1IsQuadraticBelowBetaAndLinearAbove() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] prediction = {0.05f, 1f, -2f};
      float[] target = {0f, 0f, 0f};
      double beta = 1.0 / 9;
      double expected = 0.5 * 0.05 * 0.05 / beta + (1 - 0.5 * beta) + (2 - 0.5 * beta);
      float actual =
          Losses.smoothL1Sum(manager.create(prediction), manager.create(target), beta).getFloat();
      assertThat((double) actual).isCloseTo(expected, Offset.offset(1e-5));
    }
  }

  @Test
  void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheTargetClass() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] logits = {1f, 2f, 3f, 0f, 0f, 0f};
      float[] oneHot = {0f, 0f, 1f, 1f, 0f, 0f};
      double first = -(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)));
      double second = Math.log(3);
      float actual =
          Losses.crossEntropy(
                  manager.create(logits, new ai.djl.ndarray.types.Shape(2, 3)),
                  manager.create(oneHot, new ai.djl.ndarray.types.Shape(2, 3)))
              .getFloat();
      assertThat((double) actual).isCloseTo((first + second) / 2, Offset.offset(1e-5));
    }
  }
}

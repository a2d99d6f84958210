package org.normlab.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.DjlRuntime;

class TopKCounterTest {

  @Test
  void countsTop1AndTopKHits() {
    DjlRuntime.engine();
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] logits = {
        // label 0: ranked first -> top-1 and top-2 hit
        5, 1, 0,
        // label 2: ranked second -> top-2 hit only
        3, 0, 2,
        // label 1: ranked last -> miss
        3, 0, 2,
        // label 2: ranked first
        0, 1, 9,
      };
      TopKCounter counter = new TopKCounter(2);
      counter.add(manager.create(logits, new Shape(4, 3)), manager.create(new long[] {0, 2, 1, 2}));
      assertThat(counter.samples()).isEqualTo(4);
      assertThat(counter.top1ErrorPercent()).isCloseTo(50.0, within(1e-12));
      assertThat(counter.topKErrorPercent()).isCloseTo(25.0, within(1e-12));
    }
  }
}

package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The host side of RoiAlign: which feature rows a bin reads, and with which weights. */
class SamplingPlanTest {

  @Test
  void aSampleExactlyOnAPixelReadsThatPixelAlone() {
    // one 2x2-pixel bin, one sample at its centre (2.0, 2.0) of a 4x5 map
    RoiAlign op = new RoiAlign(1, 1, 1f, 1, false);
    SamplingPlan plan = SamplingPlan.of(op, new float[] {0, 1, 1, 3, 3}, 1, 4, 5);
    assertThat(plan.slots()).isEqualTo(1);
    assertThat(plan.rows()).containsExactly(2 * 5 + 2);
    assertThat(plan.weights()).containsExactly(1f);
  }

  @Test
  void samplesOfABinSharingPixelsAreMergedAndTheWeightsSumToOne() {
    // bin of 1x1 pixel starting at (1.25, 1.25), 2x2 samples at 1.5 and 2.0 each way: every
    // sample reads pixels 1 and 2 of each axis, so 2 x 2 pixels instead of 16 corners
    RoiAlign op = new RoiAlign(1, 1, 1f, 2, false);
    SamplingPlan plan = SamplingPlan.of(op, new float[] {0, 1.25f, 1.25f, 2.25f, 2.25f}, 1, 4, 4);
    assertThat(plan.slots()).isEqualTo(4);
    assertThat(plan.rows()).containsExactlyInAnyOrder(5, 6, 9, 10);
    float total = 0;
    for (float w : plan.weights()) {
      total += w;
    }
    assertThat(total).isCloseTo(1f, within(1e-6f));
  }

  @Test
  void aRoiBeyondTheMapReadsNothing() {
    RoiAlign op = new RoiAlign(2, 2, 1f, 2, true);
    SamplingPlan plan = SamplingPlan.of(op, new float[] {0, 20, 20, 30, 30}, 1, 4, 4);
    assertThat(plan.weights()).containsOnly(0f);
  }
}

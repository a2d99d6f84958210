package org.normlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EpochSamplerTest {

  @Test
  void everyEpochIsAPermutationOfTheSplit() {
    int[] order = new EpochSampler(1000, 32, 7).order(3);
    assertThat(Arrays.stream(order).sorted().toArray())
        .isEqualTo(IntStream.range(0, 1000).toArray());
    assertThat(order).isNotEqualTo(IntStream.range(0, 1000).toArray());
  }

  @Test
  void orderDependsOnlyOnSeedAndEpoch() {
    EpochSampler a = new EpochSampler(500, 10, 42);
    EpochSampler b = new EpochSampler(500, 10, 42);
    b.order(5); // a different cache state must not matter
    assertThat(a.order(2)).isEqualTo(b.order(2));
    assertThat(a.order(2)).isNotEqualTo(a.order(3));
    assertThat(a.order(2)).isNotEqualTo(new EpochSampler(500, 10, 43).order(2));
  }

  @Test
  void dropsTheIncompleteLastBatch() {
    EpochSampler sampler = new EpochSampler(103, 10, 1);
    assertThat(sampler.batchesPerEpoch()).isEqualTo(10);
    assertThat(sampler.positionOf(9)).isEqualTo(new SamplerPosition(0, 90));
    assertThat(sampler.positionOf(10)).isEqualTo(new SamplerPosition(1, 0));
    assertThat(sampler.positionOf(25)).isEqualTo(new SamplerPosition(2, 50));
  }

  @Test
  void batchesAreConsecutiveSlicesOfTheEpochOrder() {
    EpochSampler sampler = new EpochSampler(100, 8, 3);
    int[] order = sampler.order(1);
    int[] batch = sampler.batchAt(sampler.positionOf(sampler.batchesPerEpoch() + 2));
    assertThat(batch).isEqualTo(Arrays.copyOfRange(order, 16, 24));
  }

  @Test
  void rejectsSplitsSmallerThanABatch() {
    assertThatThrownBy(() -> new EpochSampler(5, 8, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fewer than one batch of 8");
  }
}

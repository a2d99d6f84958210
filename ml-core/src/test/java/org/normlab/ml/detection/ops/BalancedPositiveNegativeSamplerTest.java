package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.detection.ops.BalancedPositiveNegativeSampler.Selection;
import org.normlab.ml.nn.DjlRuntime;

/**
 * torchvision's quota rules (positives up to batch * fraction, negatives fill the rest, ignored
 * never drawn), and draws that are uniform and reproducible from the step seed. The picks
 * themselves cannot be compared with torchvision's (its generator is torch's global one).
 */
class BalancedPositiveNegativeSamplerTest {

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  /** 28 positives (labels 1..3), 212 negatives, 10 ignored. */
  private static long[] labels() {
    long[] labels = new long[250];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 25 == 0 ? -1 : i < 120 && i % 4 == 0 ? 1 + i % 3 : 0;
    }
    return labels;
  }

  @Test
  void takesAtMostTheQuotaOfPositivesAndFillsTheBatchWithNegatives() {
    long[] labels = labels();
    long positivesAvailable = Arrays.stream(labels).filter(l -> l >= 1).count();
    Selection picked = new BalancedPositiveNegativeSampler(64, 0.25).sample(labels, 7, 0);
    assertThat(picked.positives()).hasSize(16);
    assertThat(picked.negatives()).hasSize(48);
    assertThat(Arrays.stream(picked.positives()).map(i -> labels[(int) i])).allMatch(l -> l >= 1);
    assertThat(Arrays.stream(picked.negatives()).map(i -> labels[(int) i])).allMatch(l -> l == 0);
    assertThat(picked.positives()).doesNotHaveDuplicates().isSorted();
    assertThat(picked.negatives()).doesNotHaveDuplicates().isSorted();
    assertThat(positivesAvailable).isGreaterThan(16);
  }

  @Test
  void fewPositivesLeaveMoreRoomForNegativesAndFewOfBothTakeAll() {
    long[] labels = new long[100];
    labels[3] = 1;
    labels[50] = 2;
    labels[7] = -1;
    Selection picked = new BalancedPositiveNegativeSampler(10, 0.5).sample(labels, 1, 0);
    assertThat(picked.positives()).containsExactly(3, 50);
    assertThat(picked.negatives()).hasSize(8);

    long[] tiny = {1, 0, -1, 0};
    Selection all = new BalancedPositiveNegativeSampler(256, 0.5).sample(tiny, 1, 0);
    assertThat(all.positives()).containsExactly(0);
    assertThat(all.negatives()).containsExactly(1, 3);
  }

  @Test
  void theSameSeedAndImagePickTheSameAndOtherSeedsOrImagesOthers() {
    BalancedPositiveNegativeSampler sampler = new BalancedPositiveNegativeSampler(64, 0.25);
    long[] labels = labels();
    Selection a = sampler.sample(labels, 11, 0);
    assertThat(sampler.sample(labels, 11, 0)).usingRecursiveComparison().isEqualTo(a);
    assertThat(sampler.sample(labels, 12, 0).positives()).isNotEqualTo(a.positives());
    assertThat(sampler.sample(labels, 12, 0).negatives()).isNotEqualTo(a.negatives());
    assertThat(sampler.sample(labels, 11, 1).negatives()).isNotEqualTo(a.negatives());
  }

  @Test
  void everyNegativeIsEquallyLikelyToBePicked() {
    long[] labels = new long[40]; // all negative
    int[] hits = new int[40];
    BalancedPositiveNegativeSampler sampler = new BalancedPositiveNegativeSampler(10, 0.5);
    int draws = 4000;
    for (int seed = 0; seed < draws; seed++) {
      for (long i : sampler.sample(labels, seed, 0).negatives()) {
        hits[(int) i]++;
      }
    }
    // each index is picked with probability 10/40: 1000 expected, sd about 27; 5 sd either side
    assertThat(Arrays.stream(hits).min().getAsInt()).isGreaterThanOrEqualTo(1000 - 137);
    assertThat(Arrays.stream(hits).max().getAsInt()).isLessThanOrEqualTo(1000 + 137);
  }

  @Test
  void samplesEachImageOfABatchFromItsNDArrayLabels() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<Selection> picked =
          BalancedPositiveNegativeSampler.boxHead()
              .sample(List.of(manager.create(labels()), manager.create(new long[] {0, 1})), 3);
      assertThat(picked).hasSize(2);
      // quota 128 positives, 384 negatives: fewer exist, so all are taken
      assertThat(picked.get(0).positives()).hasSize(28);
      assertThat(picked.get(0).negatives()).hasSize(212);
      assertThat(picked.get(1).indices(manager).toLongArray()).containsExactly(1, 0);
    }
  }
}

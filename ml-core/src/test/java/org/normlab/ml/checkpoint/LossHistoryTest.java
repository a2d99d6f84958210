package org.normlab.ml.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LossHistoryTest {

  @Test
  void theBestEpochHasTheLowestMeanAndTheEarliestWinsTies() {
    assertThat(new LossHistory(List.of(2.0, 0.5, 0.7, 0.5), 0, 0).bestEpoch()).isEqualTo(2);
  }

  @Test
  void noEpochIsBestBeforeTheFirstEndsAndANonFiniteMeanNeverWins() {
    assertThat(LossHistory.EMPTY.bestEpoch()).isZero();
    assertThat(new LossHistory(List.of(Double.NaN, 3.0), 0, 0).bestEpoch()).isEqualTo(2);
    assertThat(new LossHistory(List.of(Double.NaN), 1.0, 1).bestEpoch()).isZero();
  }
}

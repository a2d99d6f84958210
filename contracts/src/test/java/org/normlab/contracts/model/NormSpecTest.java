package org.normlab.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormSpecTest {

  @Test
  void parsesEveryForm() {
    assertThat(NormSpec.parse("bn")).isEqualTo(new NormSpec.Batch());
    assertThat(NormSpec.parse("gn")).isEqualTo(new NormSpec.Group(32));
    assertThat(NormSpec.parse("gn:8")).isEqualTo(new NormSpec.Group(8));
    assertThat(NormSpec.parse("in")).isEqualTo(new NormSpec.Instance());
    assertThat(NormSpec.parse("ln")).isEqualTo(new NormSpec.Layer());
    assertThat(NormSpec.parse("none")).isEqualTo(new NormSpec.None());
    assertThat(NormSpec.parse("brn")).isEqualTo(new NormSpec.BatchRenorm());
    assertThat(NormSpec.parse("syncbn")).isEqualTo(new NormSpec.SyncBatch());
    assertThat(NormSpec.parse("mabn")).isEqualTo(new NormSpec.MovingAverageBatch(0, true));
    assertThat(NormSpec.parse("mabn:16")).isEqualTo(new NormSpec.MovingAverageBatch(16, true));
    assertThat(NormSpec.parse("mabn-plain:4")).isEqualTo(new NormSpec.MovingAverageBatch(4, false));
  }

  @Test
  void mabnWindowDefaultsToTheRatioOfSgdToNormalizationBatch() {
    assertThat(((NormSpec.MovingAverageBatch) NormSpec.parse("mabn")).windowFor(32, 2)).isEqualTo(16);
    assertThat(((NormSpec.MovingAverageBatch) NormSpec.parse("mabn:8")).windowFor(32, 2)).isEqualTo(8);
    assertThat(NormSpec.parse("mabn-plain:8").canonical()).isEqualTo("mabn-plain:8");
  }

  @Test
  void isCaseAndSpaceTolerantAndCanonicalRoundTrips() {
    NormSpec spec = NormSpec.parse(" GN:16 ");

    assertThat(spec.canonical()).isEqualTo("gn:16");
    assertThat(NormSpec.parse(spec.canonical())).isEqualTo(spec);
  }

  @Test
  void onlyBatchNormDependsOnTheNormalizationBatch() {
    assertThat(NormSpec.parse("bn").usesBatchStatistics()).isTrue();
    assertThat(NormSpec.parse("gn").usesBatchStatistics()).isFalse();
    assertThat(NormSpec.parse("in").usesBatchStatistics()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"batchnorm", "gn:0", "gn:x", "gn:-4", "bn:2", "brn:3", "syncbn:2", "mabn:0", "mabn:x", "", "  "})
  void rejectsUnknownFormsListingTheAllowedOnes(String text) {
    assertThatThrownBy(() -> NormSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed: bn, brn, gn, gn:<groups>, in, ln, mabn, mabn:<window>");
  }
}

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
  @ValueSource(strings = {"batchnorm", "gn:0", "gn:x", "gn:-4", "bn:2", "", "  "})
  void rejectsUnknownFormsListingTheAllowedOnes(String text) {
    assertThatThrownBy(() -> NormSpec.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed: bn, gn, gn:<groups>, in, ln, none");
  }
}

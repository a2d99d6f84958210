package org.normlab.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KafkaBrokerTest {

  /** An id starting with '-' made the storage tool read it as an option, and the stack failed to start. */
  @Test
  void clusterIdsAreUrlSafeBase64OfSixteenBytesAndNeverStartWithADash() {
    for (int i = 0; i < 10_000; i++) {
      String id = KafkaBroker.clusterId();
      assertThat(id).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
    }
  }
}

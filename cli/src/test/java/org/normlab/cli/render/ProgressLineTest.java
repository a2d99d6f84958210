package org.normlab.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.normlab.cli.render.ProgressLine.Snapshot;

class ProgressLineTest {

  @Test
  void aRunningRunShowsEpochIterationBarLossThroughputAndEta() {
    // 750 iterations left of batch 64 at 800 images/s: 750 * 64 / 800 = 60 s.
    Snapshot running = new Snapshot("RUNNING", 2, 3, 250L, 1000L, 0.43125, 800.0, 64);

    assertThat(ProgressLine.render(running)).isEqualTo(
        "RUNNING    epoch 2/3 iter 250/1000 [######..................]  25% loss 0.4313 800.0 img/s ETA 1:00");
  }

  @Test
  void aQueuedRunHasNoProgressYetAndNoEta() {
    Snapshot queued = new Snapshot("QUEUED", null, 1, null, null, null, null, 64);

    assertThat(ProgressLine.render(queued)).isEqualTo("QUEUED    ");
    assertThat(ProgressLine.eta(queued)).isEmpty();
  }

  @Test
  void etaOverAnHourPrintsHours() {
    Snapshot slow = new Snapshot("RUNNING", 1, 90, 0L, 100_000L, 2.0, 100.0, 32);

    assertThat(ProgressLine.eta(slow)).contains(Duration.ofSeconds(32_000));
    assertThat(ProgressLine.render(slow)).endsWith("ETA 8:53:20");
  }

  @Test
  void theBarIsFullAtTheLastIteration() {
    assertThat(ProgressLine.bar(1.0)).isEqualTo("[" + "#".repeat(ProgressLine.BAR_WIDTH) + "]");
    assertThat(ProgressLine.bar(0.0)).isEqualTo("[" + ".".repeat(ProgressLine.BAR_WIDTH) + "]");
  }
}

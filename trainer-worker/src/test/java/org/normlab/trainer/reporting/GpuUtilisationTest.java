package org.normlab.trainer.reporting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GpuUtilisationTest {

  @Test
  void readsOneDeviceFromNvidiaSmisCsvLine() {
    // The shape of `nvidia-smi --query-gpu=index,utilization.gpu,memory.used,memory.total
    // --format=csv,noheader,nounits`, one line per device.
    GpuUtilisation.Reading reading = GpuUtilisation.parse("1, 87, 30512, 81559");

    assertThat(reading.index()).isEqualTo("1");
    assertThat(reading.utilisationPercent()).isEqualTo(87.0);
    assertThat(reading.memoryUsedMib()).isEqualTo(30512.0);
    assertThat(reading.memoryTotalMib()).isEqualTo(81559.0);
  }

  @Test
  void refusesALineItDoesNotUnderstand() {
    assertThatThrownBy(() -> GpuUtilisation.parse("No devices were found"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exportsNoGpuSeriesWhereNvidiaSmiIsAbsent() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    GpuUtilisation gpus = new GpuUtilisation(meters);
    gpus.poll();

    if (!gpus.available()) {
      assertThat(meters.find("normlab.gpu.utilization").gauges()).isEmpty();
    } else {
      assertThat(meters.find("normlab.gpu.utilization").gauges()).isNotEmpty();
    }
  }
}

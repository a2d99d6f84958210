package org.normlab.trainer.reporting;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * GPU utilisation and memory per device, read from {@code nvidia-smi} every
 * {@code normlab.metrics.gpu-poll} (5 s). On a machine without NVIDIA's tool (every CPU-only node)
 * no GPU meter exists at all: an absent series, not a misleading zero.
 */
@Component
public class GpuUtilisation {

  private static final Logger log = LoggerFactory.getLogger(GpuUtilisation.class);
  private static final List<String> QUERY = List.of("nvidia-smi",
      "--query-gpu=index,utilization.gpu,memory.used,memory.total", "--format=csv,noheader,nounits");

  private final MeterRegistry meters;
  private final boolean available;
  private final Map<String, double[]> devices = new ConcurrentHashMap<>();

  public GpuUtilisation(MeterRegistry meters) {
    this.meters = meters;
    this.available = onPath("nvidia-smi");
    if (!available) {
      log.info("No nvidia-smi on PATH: GPU utilisation metrics are not exported on this worker");
    }
  }

  public boolean available() {
    return available;
  }

  @Scheduled(fixedDelayString = "${normlab.metrics.gpu-poll:5s}")
  void poll() {
    if (!available) {
      return;
    }
    try {
      for (String line : run()) {
        record(parse(line));
      }
    } catch (IOException | RuntimeException e) {
      log.debug("nvidia-smi failed: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One device's reading: index, utilisation %, memory used and total in MiB. */
  record Reading(String index, double utilisationPercent, double memoryUsedMib, double memoryTotalMib) {}

  static Reading parse(String csvLine) {
    String[] f = csvLine.split(",");
    if (f.length != 4) {
      throw new IllegalArgumentException("Unexpected nvidia-smi line: " + csvLine);
    }
    return new Reading(f[0].strip(), Double.parseDouble(f[1].strip()), Double.parseDouble(f[2].strip()),
        Double.parseDouble(f[3].strip()));
  }

  private void record(Reading reading) {
    double[] values = devices.computeIfAbsent(reading.index(), gpu -> {
      double[] v = new double[3];
      Gauge.builder("normlab.gpu.utilization", v, a -> a[0]).tag("gpu", gpu).baseUnit("percent")
          .description("GPU busy time over nvidia-smi's last sample period").register(meters);
      Gauge.builder("normlab.gpu.memory.used", v, a -> a[1]).tag("gpu", gpu).baseUnit("bytes").register(meters);
      Gauge.builder("normlab.gpu.memory.total", v, a -> a[2]).tag("gpu", gpu).baseUnit("bytes").register(meters);
      return v;
    });
    values[0] = reading.utilisationPercent();
    values[1] = reading.memoryUsedMib() * 1024 * 1024;
    values[2] = reading.memoryTotalMib() * 1024 * 1024;
  }

  private static List<String> run() throws IOException, InterruptedException {
    Process process = new ProcessBuilder(QUERY).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("nvidia-smi exited abnormally: " + out.strip());
    }
    out.lines().filter(l -> !l.isBlank()).forEach(lines::add);
    return lines;
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }
}

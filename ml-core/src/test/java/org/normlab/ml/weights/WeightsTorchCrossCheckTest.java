package org.normlab.ml.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.normlab.ml.model.Network;
import org.normlab.ml.testing.Golden;

/**
 * Both directions against PyTorch itself.
 *
 * <ul>
 *   <li>Import: files that PyTorch wrote (src/test/python/make_golden_weights.py: a
 *       torchvision-layout ResNet-10 of width 8, official keys with num_batches_tracked) load
 *       strictly and reproduce torch's output.
 *   <li>Export: our files load into the official PyTorch model with {@code
 *       load_state_dict(strict=True)} and reproduce our output there (check_weights_export.py, run
 *       with /usr/bin/python3; skipped where torch is not installed). The files stay in
 *       target/weights-crosscheck/ for inspection.
 * </ul>
 */
class WeightsTorchCrossCheckTest {

  private static final String PYTHON = "/usr/bin/python3";
  private static final Path SCRIPT = Path.of("src/test/python/check_weights_export.py");
  private static final Path OUT = Path.of("target/weights-crosscheck");
  private static final boolean TORCH_PRESENT = torchPresent();

  /**
   * Tolerance 1e-5: the same float32 network in torch 1.13 and DJL's libtorch 2.7.1, whose kernels
   * differ in summation order; logits are of order 1.
   */
  @ParameterizedTest
  @EnumSource(WeightFormat.class)
  void importsWeightsWrittenByPyTorchAndReproducesItsOutput(WeightFormat format) {
    Path weights = golden("tiny_resnet10_w8" + format.extension());
    Map<String, HostTensor> io = Weights.read(golden("tiny_resnet10_w8_io.npz"));
    try (Network network = TestNetworks.build("resnet10", "bn", 8, 10, 5);
        NDManager scope = network.manager().newSubManager()) {
      ImportReport report = Weights.importInto(network.block(), weights);

      assertThat(report.isComplete()).as(report.problems()).isTrue();
      assertThat(report.loaded()).hasSize(network.state().size());
      assertThat(report.ignored()).hasSize(12).allMatch(StateMatch::isBatchesTracked);
      NDArray input = io.get("input").toArray(scope, ElementType.FLOAT32);
      float[] output = network.forward(input, false).toFloatArray();
      float[] expected = io.get("output").toArray(scope, ElementType.FLOAT32).toFloatArray();
      assertThat(Golden.maxAbsDiff(output, expected)).isLessThan(1e-5);
    }
  }

  @ParameterizedTest(name = "{0} {1} width {2} as torch {3}")
  @CsvSource({
    "resnet18, bn, 64, resnet18",
    "resnet10, bn, 8, tiny",
    "resnet10, in, 8, tiny",
    "resnet10, gn:2, 8, tiny"
  })
  void exportLoadsStrictlyIntoThePyTorchModel(
      String backbone, String norm, int width, String torchArch) throws Exception {
    assumeTrue(
        TORCH_PRESENT,
        "skipped: "
            + PYTHON
            + " with torch and torchvision is not installed (Debian: apt-get"
            + " install python3-torch python3-torchvision)");
    Files.createDirectories(OUT);
    String stem = torchArch + "-" + norm.replace(':', '_');
    List<String> command =
        new ArrayList<>(
            List.of(
                PYTHON,
                SCRIPT.toString(),
                torchArch,
                norm,
                "10",
                OUT.resolve(stem + "-io.npz").toString()));
    try (Network network = TestNetworks.build(backbone, norm, width, 10, 7);
        NDManager scope = network.manager().newSubManager()) {
      NDArray input = TestNetworks.input(scope, 11);
      Map<String, HostTensor> io = new LinkedHashMap<>();
      io.put("input", HostTensor.of(input, "input"));
      io.put("output", HostTensor.of(network.forward(input, false), "output"));
      Weights.write(io, OUT.resolve(stem + "-io.npz"));
      for (WeightFormat format : WeightFormat.values()) {
        Path file = OUT.resolve(stem + format.extension());
        Weights.export(network.block(), file, format, 100);
        command.add(file.toString());
      }
    }

    Process python = new ProcessBuilder(command).redirectErrorStream(true).start();
    String log = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(python.waitFor(5, TimeUnit.MINUTES)).isTrue();

    assertThat(python.exitValue()).as(log).isZero();
    assertThat(log.lines().filter(line -> line.startsWith("OK "))).as(log).hasSize(2);
  }

  private static Path golden(String name) {
    URL url = WeightsTorchCrossCheckTest.class.getResource("/golden/weights/" + name);
    if (url == null) {
      throw new IllegalStateException("Missing golden resource weights/" + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean torchPresent() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      Process probe =
          new ProcessBuilder(PYTHON, "-c", "import torch, torchvision")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return probe.waitFor(2, TimeUnit.MINUTES) && probe.exitValue() == 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

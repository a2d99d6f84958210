package org.normlab.ml.weights;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.ml.model.Network;

/** Export, then import into a differently seeded network: same state, bitwise-same outputs. */
class WeightsRoundTripTest {

  @TempDir Path dir;

  static Stream<Arguments> networks() {
    List<Arguments> cases = new ArrayList<>();
    for (WeightFormat format : WeightFormat.values()) {
      cases.add(Arguments.of("resnet18", "bn", 64, format));
      cases.add(Arguments.of("resnet10", "in", 16, format));
      cases.add(Arguments.of("resnet10", "gn:4", 16, format));
      // Norms with extra state: brn's int64 step counter, mabn's int64 iters and ring buffers.
      cases.add(Arguments.of("resnet10", "brn", 16, format));
      cases.add(Arguments.of("resnet10", "mabn", 16, format));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} width {2} via {3}")
  @MethodSource("networks")
  void exportThenImportGivesIdenticalStateAndOutputs(
      String backbone, String norm, int width, WeightFormat format) {
    try (Network source = TestNetworks.build(backbone, norm, width, 10, 1);
        Network target = TestNetworks.build(backbone, norm, width, 10, 2);
        NDManager scope = source.manager().newSubManager()) {
      Path file = dir.resolve(backbone + format.extension());
      Weights.export(source.block(), file);

      ImportReport report = Weights.importInto(target.block(), file);

      assertThat(report.isComplete()).as(report.problems()).isTrue();
      assertThat(report.loaded()).containsExactlyElementsOf(source.state().keySet());
      Map<String, HostTensor> expected = TestNetworks.snapshot(source);
      TestNetworks.snapshot(target)
          .forEach(
              (key, tensor) ->
                  assertThat(tensor.data()).as(key).isEqualTo(expected.get(key).data()));
      NDArray images = TestNetworks.input(scope, 3);
      float[] sourceOutput = source.forward(images, false).toFloatArray();
      float[] targetOutput = target.forward(images, false).toFloatArray();
      assertThat(targetOutput).isEqualTo(sourceOutput);
    }
  }
}

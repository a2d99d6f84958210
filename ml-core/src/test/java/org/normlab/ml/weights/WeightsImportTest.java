package org.normlab.ml.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.nn.Block;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.model.Network;
import org.normlab.ml.norm.NormPolicy;

/**
 * The variants of official key names that import tolerates, and what strict import refuses. Files
 * are our export of a resnet10 (width 8, bn unless stated), rewritten per case.
 */
class WeightsImportTest {

  @TempDir Path dir;

  private Map<String, HostTensor> official;

  @BeforeEach
  void exportReference() {
    try (Network source = TestNetworks.build("resnet10", "bn", 8, 10, 1)) {
      Path file = dir.resolve("reference.npz");
      Weights.export(source.block(), file);
      official = Weights.read(file);
    }
  }

  @ParameterizedTest
  @EnumSource(WeightFormat.class)
  void acceptsTheDataParallelModulePrefix(WeightFormat format) {
    ImportReport report = importStrict(rename(key -> "module." + key), format);

    assertThat(report.strippedPrefix()).isEqualTo("module.");
    assertThat(report.loaded()).contains("conv1.weight", "layer2.0.downsample.1.running_var");
  }

  @ParameterizedTest
  @EnumSource(WeightFormat.class)
  void acceptsAFlattenedStateDictWrapperAndIgnoresTheCheckpointBookkeeping(WeightFormat format) {
    Map<String, HostTensor> checkpoint = rename(key -> "state_dict.module." + key);
    checkpoint.put("epoch", HostTensor.int64Scalar(90));
    checkpoint.put("best_prec1", float64Scalar(77.2));
    checkpoint.put("optimizer.state.0.momentum_buffer", official.get("conv1.weight"));

    ImportReport report = importStrict(checkpoint, format);

    assertThat(report.strippedPrefix()).isEqualTo("state_dict.module.");
    assertThat(report.ignored())
        .contains("epoch", "best_prec1", "optimizer.state.0.momentum_buffer");
    assertThat(report.isComplete()).isTrue();
  }

  @Test
  void toleratesAbsentBatchCountersAndIgnoresPresentOnes() {
    Map<String, HostTensor> without = new LinkedHashMap<>(official);
    without.keySet().removeIf(StateMatch::isBatchesTracked);

    ImportReport absent = importStrict(without, WeightFormat.NPZ);
    ImportReport present = importStrict(official, WeightFormat.NPZ);

    assertThat(absent.isComplete()).isTrue();
    assertThat(absent.ignored()).isEmpty();
    // resnet10: stem, 4 x 2 block norms, 3 downsample norms.
    assertThat(present.ignored())
        .hasSize(12)
        .contains("bn1.num_batches_tracked", "layer4.0.downsample.1.num_batches_tracked");
    assertThat(present.loaded()).isEqualTo(absent.loaded());
  }

  @Test
  void dropsLegacyInstanceNormRunningStatistics() {
    try (Network source = TestNetworks.build("resnet10", "in", 8, 10, 1);
        Network target = TestNetworks.build("resnet10", "in", 8, 10, 2)) {
      Path file = dir.resolve("in.npz");
      Weights.export(source.block(), file);
      Map<String, HostTensor> legacy = new LinkedHashMap<>(Weights.read(file));
      // What PyTorch 0.3 saved for InstanceNorm2d: running buffers next to the affine pair.
      HostTensor eight = official.get("bn1.running_mean");
      legacy.put("bn1.running_mean", eight);
      legacy.put("bn1.running_var", eight);
      legacy.put("layer1.0.bn2.running_var", eight);

      ImportReport report = importStrict(target.block(), legacy, WeightFormat.NPZ);

      assertThat(report.ignored())
          .containsExactly("bn1.running_mean", "bn1.running_var", "layer1.0.bn2.running_var");
      assertThat(TestNetworks.snapshot(target).get("bn1.weight").data())
          .isEqualTo(TestNetworks.snapshot(source).get("bn1.weight").data());
    }
  }

  @Test
  void roundsFloat64ValuesToFloat32() {
    Map<String, HostTensor> doubles = new LinkedHashMap<>();
    official.forEach((key, tensor) -> doubles.put(key, widened(tensor)));

    try (Network target = TestNetworks.build("resnet10", "bn", 8, 10, 2)) {
      importStrict(target.block(), doubles, WeightFormat.SAFETENSORS);

      // float32 -> float64 -> float32 is exact, so the values must come back bit for bit.
      TestNetworks.snapshot(target)
          .forEach(
              (key, tensor) ->
                  assertThat(tensor.data()).as(key).isEqualTo(official.get(key).data()));
    }
  }

  @Test
  void strictImportNamesAMissingKeyAndLoadsNothing() {
    Map<String, HostTensor> file = new LinkedHashMap<>(official);
    file.remove("fc.bias");

    try (Network target = TestNetworks.build("resnet10", "bn", 8, 10, 2)) {
      Map<String, HostTensor> before = TestNetworks.snapshot(target);
      assertThatThrownBy(() -> importStrict(target.block(), file, WeightFormat.NPZ))
          .isInstanceOf(WeightsMismatchException.class)
          .hasMessageContaining("1 missing [fc.bias]")
          .satisfies(
              e ->
                  assertThat(((WeightsMismatchException) e).report().missing())
                      .containsExactly("fc.bias"));
      TestNetworks.snapshot(target)
          .forEach((key, t) -> assertThat(t.data()).as(key).isEqualTo(before.get(key).data()));
    }
  }

  @Test
  void strictImportNamesAnUnexpectedKey() {
    Map<String, HostTensor> file = new LinkedHashMap<>(official);
    file.put("layer1.0.bn1.IN.weight", official.get("bn1.weight"));

    assertThatThrownBy(() -> importStrict(file, WeightFormat.SAFETENSORS))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining("1 unexpected [layer1.0.bn1.IN.weight]");
  }

  @Test
  void strictImportNamesAMisShapedKeyWithBothShapes() {
    Map<String, HostTensor> file = new LinkedHashMap<>(official);
    file.put("conv1.weight", floats(8, 3, 3, 3));

    assertThatThrownBy(() -> importStrict(file, WeightFormat.NPZ))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining(
            "1 mis-shaped [conv1.weight: model float32 (8, 3, 7, 7), file"
                + " float32 (8, 3, 3, 3)]");
  }

  @Test
  void strictImportRefusesIntegersForFloatWeights() {
    Map<String, HostTensor> file = new LinkedHashMap<>(official);
    file.put("fc.bias", new HostTensor(ElementType.INT64, new long[] {10}, new byte[80]));

    assertThatThrownBy(() -> importStrict(file, WeightFormat.NPZ))
        .hasMessageContaining("fc.bias: model float32 (10), file int64 (10)");
  }

  @Test
  void messageShowsTheFirstFewKeysOfEachKindAndTheirCount() {
    Map<String, HostTensor> file = new LinkedHashMap<>(official);
    file.keySet().removeIf(key -> key.startsWith("layer4."));

    assertThatThrownBy(() -> importStrict(file, WeightFormat.NPZ))
        .hasMessageContaining("15 missing [layer4.0.conv1.weight, layer4.0.bn1.weight,")
        .hasMessageContaining("... 10 more]");
  }

  @Test
  void lenientImportLoadsWhatFitsAndReportsTheRest() {
    Map<String, HostTensor> file = new LinkedHashMap<>(official);
    file.remove("fc.bias");
    file.put("conv1.weight", floats(8, 3, 3, 3));
    file.put("extra.weight", floats(2));

    try (Network target = TestNetworks.build("resnet10", "bn", 8, 10, 2)) {
      Map<String, HostTensor> before = TestNetworks.snapshot(target);
      Path path = write(file, WeightFormat.SAFETENSORS);

      ImportReport report = Weights.importInto(target.block(), path, ImportOptions.LENIENT);

      assertThat(report.missing()).containsExactly("fc.bias");
      assertThat(report.unexpected()).containsExactly("extra.weight");
      assertThat(report.mismatched()).extracting(KeyMismatch::key).containsExactly("conv1.weight");
      assertThat(report.isComplete()).isFalse();
      Map<String, HostTensor> after = TestNetworks.snapshot(target);
      assertThat(after.get("conv1.weight").data()).isEqualTo(before.get("conv1.weight").data());
      assertThat(after.get("fc.bias").data()).isEqualTo(before.get("fc.bias").data());
      assertThat(after.get("fc.weight").data()).isEqualTo(official.get("fc.weight").data());
    }
  }

  @Test
  void refusesAnUninitializedBlock() {
    BackboneConfig config =
        new BackboneConfig(NormPolicy.uniform(new NormSpec.Batch(), 1), 8, 10, TestNetworks.IMAGE);
    Block block = BackboneRegistry.defaults().create("resnet10", config);
    Path path = write(official, WeightFormat.NPZ);

    assertThatThrownBy(() -> Weights.importInto(block, path))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not initialized");
  }

  @Test
  void choosesTheFormatByExtensionAndNamesTheSupportedOnes() {
    assertThat(WeightFormat.forPath(Path.of("a/b/w.SafeTensors")))
        .isEqualTo(WeightFormat.SAFETENSORS);
    assertThat(WeightFormat.forPath(Path.of("w.npz"))).isEqualTo(WeightFormat.NPZ);
    assertThatThrownBy(() -> WeightFormat.forPath(Path.of("resnet50_ibn_a-d9d0bb7b.pth")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("supported extensions: .npz, .safetensors");
  }

  @Test
  void exportListsKeysAsPyTorchDoes() {
    List<String> keys = List.copyOf(official.keySet());

    assertThat(keys.subList(0, 7))
        .containsExactly(
            "conv1.weight",
            "bn1.weight",
            "bn1.bias",
            "bn1.running_mean",
            "bn1.running_var",
            "bn1.num_batches_tracked",
            "layer1.0.conv1.weight");
    HostTensor counter = official.get("layer2.0.downsample.1.num_batches_tracked");
    assertThat(counter.type()).isEqualTo(ElementType.INT64);
    assertThat(counter.shape()).isEmpty();
    assertThat(keys.get(keys.size() - 1)).isEqualTo("fc.bias");
  }

  private ImportReport importStrict(Map<String, HostTensor> file, WeightFormat format) {
    try (Network target = TestNetworks.build("resnet10", "bn", 8, 10, 2)) {
      return importStrict(target.block(), file, format);
    }
  }

  private ImportReport importStrict(
      Block block, Map<String, HostTensor> file, WeightFormat format) {
    return Weights.importInto(block, write(file, format), ImportOptions.STRICT);
  }

  private Path write(Map<String, HostTensor> file, WeightFormat format) {
    Path path = dir.resolve("variant" + format.extension());
    Weights.write(file, path);
    return path;
  }

  private Map<String, HostTensor> rename(UnaryOperator<String> renaming) {
    Map<String, HostTensor> renamed = new LinkedHashMap<>();
    official.forEach((key, tensor) -> renamed.put(renaming.apply(key), tensor));
    return renamed;
  }

  private static HostTensor widened(HostTensor tensor) {
    if (tensor.type() != ElementType.FLOAT32) {
      return tensor;
    }
    ByteBuffer in = ByteBuffer.wrap(tensor.data()).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer out = ByteBuffer.allocate(tensor.data().length * 2).order(ByteOrder.LITTLE_ENDIAN);
    while (in.hasRemaining()) {
      out.putDouble(in.getFloat());
    }
    return new HostTensor(ElementType.FLOAT64, tensor.shape(), out.array());
  }

  private static HostTensor float64Scalar(double value) {
    ByteBuffer out = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value);
    return new HostTensor(ElementType.FLOAT64, new long[0], out.array());
  }

  private static HostTensor floats(long... shape) {
    return new HostTensor(
        ElementType.FLOAT32, shape, new byte[(int) HostTensor.elementCount(shape) * 4]);
  }
}

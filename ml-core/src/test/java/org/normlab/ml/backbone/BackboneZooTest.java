package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Every registered backbone at full size (stem width 64, 3x224x224, 1000 classes) against the
 * reference model make_golden_zoo.py names for it (torchvision for plain ResNet/ResNeXt, its own
 * IBN/SE definitions otherwise; see {@code reference} in zoo/backbones.json): the same parameter
 * count, and the same state keys in the same order with the same shapes, minus {@code
 * num_batches_tracked}, which ml-core does not keep. Keys and shapes are compared through a SHA-256
 * of "key d0,d1,..." lines; the 50-layer and 18-layer IBN variants also list the keys, so a
 * mismatch there shows the offending key.
 */
class BackboneZooTest {

  private static final JsonNode GOLDEN = Golden.load("zoo/backbones.json");
  private static final BackboneRegistry REGISTRY = BackboneRegistry.defaults();

  /** The ResNet family's names; DenseNet and the MXNet family are checked by their own tests. */
  static List<String> names() {
    return ResNetFamily.definitions().stream().map(BackboneDefinition::name).toList();
  }

  @Test
  void everyRegisteredBackboneHasAReference() {
    List<String> referenced = new ArrayList<>();
    GOLDEN.get("backbones").propertyNames().forEach(referenced::add);
    // DenseNetTest and MxResNetFamilyTest check these against make_golden_densenet.py's counts.
    ReferenceBackbones.GOLDEN
        .get("parametersFor1000Classes")
        .propertyNames()
        .forEach(referenced::add);
    assertThat(referenced).containsExactlyInAnyOrderElementsOf(REGISTRY.names());
  }

  /** seeds-spec B: resnet50_ibn_a 346 keys with 53 num_batches_tracked, resnet50_ibn_b 321/52. */
  @Test
  void ibnKeyTotalsAreTheOfficialOnes() {
    JsonNode backbones = GOLDEN.get("backbones");
    assertThat(backbones.get("resnet50_ibn_a").get("stateKeys").asInt()).isEqualTo(346 - 53);
    assertThat(backbones.get("resnet50_ibn_b").get("stateKeys").asInt()).isEqualTo(321 - 52);
    try (Full net = Full.build("resnet50_ibn_a")) {
      assertThat(net.state).hasSize(293);
      assertThat(net.state).containsKeys("layer3.5.bn1.IN.weight", "layer3.5.bn1.BN.running_var");
      assertThat(net.state).doesNotContainKeys("layer4.0.bn1.IN.weight");
      assertThat(net.state.get("layer1.0.bn1.IN.weight").getArray().getShape().get(0))
          .isEqualTo(32);
    }
    try (Full net = Full.build("resnet50_ibn_b")) {
      assertThat(net.state).hasSize(269);
      assertThat(net.state).containsKeys("layer1.2.IN.weight", "layer2.3.IN.bias");
      assertThat(net.state).doesNotContainKeys("bn1.running_mean", "layer3.5.IN.weight");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void parameterCountAndStateKeysAreTheReferenceModels(String name) {
    JsonNode expected = GOLDEN.get("backbones").get(name);
    try (Full net = Full.build(name)) {
      long parameters =
          net.state.values().stream()
              .filter(Parameter::requiresGradient)
              .mapToLong(p -> p.getArray().size())
              .sum();
      assertThat(parameters)
          .as(name + " parameters vs " + expected.get("reference").asText())
          .isEqualTo(expected.get("parameters").asLong());
      if (expected.has("keys")) {
        List<String> keys = new ArrayList<>();
        expected.get("keys").forEach(k -> keys.add(k.asText()));
        assertThat(net.state.keySet()).containsExactlyElementsOf(keys);
      }
      assertThat(net.state).hasSize(expected.get("stateKeys").asInt());
      assertThat(digest(net.state))
          .as(name + " keys and shapes")
          .isEqualTo(expected.get("stateSha256").asText());
    }
  }

  /** make_golden_zoo.state_digest. */
  private static String digest(Map<String, Parameter> state) {
    String text =
        state.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + " "
                        + LongStream.of(e.getValue().getArray().getShape().getShape())
                            .mapToObj(Long::toString)
                            .collect(Collectors.joining(",")))
            .collect(Collectors.joining("\n"));
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A full-size backbone with zero-filled parameters (shapes are all this test needs). */
  private record Full(NDManager manager, Map<String, Parameter> state) implements AutoCloseable {

    static Full build(String name) {
      DjlRuntime.engine();
      BackboneConfig config =
          new BackboneConfig(
              NormPolicy.uniform(new NormSpec.Batch(), 1), 64, 1000, new ImageShape(3, 224, 224));
      Block block = REGISTRY.create(name, config);
      NDManager manager = NDManager.newBaseManager();
      block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
      block.initialize(manager, DataType.FLOAT32, config.input().batchOf(1));
      return new Full(manager, StateNames.of(block));
    }

    @Override
    public void close() {
      manager.close();
    }
  }
}

package org.normlab.ml.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.norm.NormPolicy;

class NetworkTest {

  @Test
  void sameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
    try (Network a = build(5);
        Network b = build(5);
        Network c = build(6)) {
      for (String key : a.state().keySet()) {
        float[] va = a.state().get(key).getArray().toFloatArray();
        assertThat(b.state().get(key).getArray().toFloatArray()).as(key).isEqualTo(va);
      }
      assertThat(c.state().get("layer1.0.conv1.weight").getArray().toFloatArray())
          .isNotEqualTo(a.state().get("layer1.0.conv1.weight").getArray().toFloatArray());
    }
  }

  @Test
  void initializesAsTheOfficialResNetCode() {
    try (Network network = build(1)) {
      // He normal, fan-out: std = sqrt(2 / (3 * 3 * 128)) for layer2's 3x3 convs of 128 filters.
      float[] conv = network.state().get("layer2.0.conv2.weight").getArray().toFloatArray();
      assertThat(std(conv))
          .isCloseTo(Math.sqrt(2.0 / (9 * 128)), within(0.03 * Math.sqrt(2.0 / (9 * 128))));
      // Linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias, fan_in = 512.
      double bound = 1 / Math.sqrt(512);
      for (String key : new String[] {"fc.weight", "fc.bias"}) {
        for (float v : network.state().get(key).getArray().toFloatArray()) {
          assertThat(Math.abs(v)).as(key).isLessThanOrEqualTo((float) bound);
        }
      }
      assertThat(network.state().get("bn1.weight").getArray().toFloatArray()).containsOnly(1f);
      assertThat(network.state().get("bn1.bias").getArray().toFloatArray()).containsOnly(0f);
      assertThat(network.state().get("bn1.running_var").getArray().toFloatArray()).containsOnly(1f);
      assertThat(network.trainable()).doesNotContainKey("bn1.running_mean");
      assertThat(network.trainable().values()).allMatch(p -> p.getArray().hasGradient());
    }
  }

  @Test
  void loadsStateInPlaceKeepingParametersTrainable() {
    try (Network source = build(1);
        Network target = build(2)) {
      target.loadState(source.stateArrays());
      for (String key : source.state().keySet()) {
        assertThat(target.state().get(key).getArray().toFloatArray())
            .as(key)
            .isEqualTo(source.state().get(key).getArray().toFloatArray());
      }
      assertThat(target.trainable().values()).allMatch(p -> p.getArray().hasGradient());
    }
  }

  @Test
  void rejectsStateOfAnotherNetwork() {
    try (Network network = build(1);
        NDManager scope = network.manager().newSubManager()) {
      Map<String, NDArray> state = new LinkedHashMap<>(network.stateArrays());
      state.remove("fc.bias");
      state.put("fc.extra", scope.zeros(new ai.djl.ndarray.types.Shape(1)));
      assertThatThrownBy(() -> network.loadState(state))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("missing [fc.bias]")
          .hasMessageContaining("unexpected [fc.extra]");
      Map<String, NDArray> wrongShape = new LinkedHashMap<>(network.stateArrays());
      wrongShape.put("fc.bias", scope.zeros(new ai.djl.ndarray.types.Shape(3)));
      assertThatThrownBy(() -> network.loadState(wrongShape))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("fc.bias: cannot copy");
    }
  }

  private static Network build(long seed) {
    BackboneConfig config =
        new BackboneConfig(
            NormPolicy.uniform(new NormSpec.Batch(), 1), 64, 10, new ImageShape(1, 28, 28));
    return Network.create(BackboneRegistry.defaults(), "resnet10", config, seed);
  }

  private static double std(float[] values) {
    double sum = 0;
    double squares = 0;
    for (float v : values) {
      sum += v;
      squares += (double) v * v;
    }
    double mean = sum / values.length;
    return Math.sqrt(squares / values.length - mean * mean);
  }
}

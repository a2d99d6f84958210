package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.normlab.ml.backbone.ReferenceBackbones.build;
import static org.normlab.ml.backbone.ReferenceBackbones.child;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.norm.InstanceBatchNorm;
import org.normlab.ml.testing.Golden;

/**
 * The MXNet seed's pre-activation ResNet-v2 (IBN-a) and resnext_w_d_v2 IBN-a against our torch
 * transcriptions in make_golden_densenet.py: state keys, shapes, parameter counts (224 px, 1000
 * classes); plus IBN placement and the small stems. Forward, no-NaN and gradient checks of every
 * registered name run in {@link BackboneForwardTest} (2x3x32x32, stem width 16: a reduced size).
 */
class MxResNetFamilyTest {

  private static NDManager manager;

  @BeforeAll
  static void start() {
    DjlRuntime.engine();
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet18_v2", "resnet50_v2_ibn_a", "resnext50_32x4d_w_d_v2_ibn_a"})
  void stateKeysAndShapesAreTheReferences(String name) {
    try (NDManager scope = manager.newSubManager()) {
      Map<String, Parameter> state = ReferenceBackbones.state(name, 64, 1000, 224, scope);
      assertThat(state.keySet()).containsExactlyElementsOf(ReferenceBackbones.expectedKeys(name));
      assertThat(ReferenceBackbones.shapes(state))
          .isEqualTo(ReferenceBackbones.expectedShapes(name));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "resnet18_v2",
        "resnet34_v2",
        "resnet50_v2_ibn_a",
        "resnet101_v2_ibn_a",
        "resnet152_v2_ibn_a",
        "resnext50_32x4d_w_d_v2_ibn_a",
        "resnext101_32x4d_w_d_v2_ibn_a",
        "resnext152_32x4d_w_d_v2_ibn_a"
      })
  void parameterCountIsTheReferences(String name) {
    assertThat(ReferenceBackbones.parameterCount(name, manager))
        .isEqualTo(ReferenceBackbones.expectedParameterCount(name));
  }

  /**
   * Java and the torch transcription agree on the whole forward pass with the same weights.
   * Tolerance 1e-4 on logits up to 8, float32 vs float64; observed 9.5e-7 (ResNet-v2) and 5.7e-6
   * (ResNeXt).
   */
  @ParameterizedTest
  @ValueSource(strings = {"resnet50_v2_ibn_a", "resnext50_32x4d_w_d_v2_ibn_a"})
  void inferenceMatchesTheReferenceWithTheSameWeights(String name) {
    float[][] logits = ReferenceBackbones.logitsAndReference(name);
    assertThat(Golden.maxAbsDiff(logits[0], logits[1])).isLessThan(1e-4);
  }

  @Test
  void preActivationIbnASplitsTheUnitInputInStagesOneToThree() {
    try (Network network = build("resnet50_v2_ibn_a", "bn", 32, new ImageShape(3, 32, 32))) {
      for (int stage = 1; stage <= 4; stage++) {
        Block unit = child(child(network.block(), "stage" + stage), "unit1");
        Block bn1 = child(unit, "bn1");
        assertThat(bn1 instanceof InstanceBatchNorm).as("stage %d", stage).isEqualTo(stage <= 3);
        if (bn1 instanceof InstanceBatchNorm split) {
          assertThat(split.order()).isEqualTo(InstanceBatchNorm.Order.INSTANCE_FIRST);
          assertThat(split.instanceChannels()).isEqualTo(split.channels() / 2);
        }
        assertThat(child(unit, "bn2")).isNotInstanceOf(InstanceBatchNorm.class);
      }
    }
  }

  @Test
  void resnextIbnASplitsTheNormAfterConv1() {
    try (Network network =
        build("resnext50_32x4d_w_d_v2_ibn_a", "bn", 32, new ImageShape(3, 32, 32))) {
      Block unit = child(child(network.block(), "stage2"), "unit1");
      assertThat(child(unit, "bn1")).isInstanceOf(InstanceBatchNorm.class);
      // Stage 2's first unit halves the resolution: its projection is a 3x3 stride-2 conv.
      assertThat(network.state().get("stage2.unit1.sc.weight").getArray().getShape())
          .isEqualTo(new Shape(256, 128, 3, 3));
      assertThat(network.state().get("stage1.unit1.sc.weight").getArray().getShape())
          .isEqualTo(new Shape(128, 32, 1, 1));
      assertThat(child(child(child(network.block(), "stage4"), "unit1"), "bn1"))
          .isNotInstanceOf(InstanceBatchNorm.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet18_v2", "resnext50_32x4d_w_d_v2_ibn_a"})
  void smallInputsGetTheSmallStemUnderTheSameNames(String name) {
    try (Network small = build(name, "bn", 32, new ImageShape(3, 32, 32));
        Network large = build(name, "bn", 32, new ImageShape(3, 96, 96));
        NDManager scope = large.manager().newSubManager()) {
      assertThat(small.state().keySet()).isEqualTo(large.state().keySet());
      NDArray logits = large.forward(scope.randomNormal(new Shape(1, 3, 96, 96)), false);
      assertThat(logits.getShape()).isEqualTo(new Shape(1, 10));
      assertThat(logits.isNaN().any().getBoolean()).isFalse();
    }
  }

  @Test
  void resnextRejectsWidthsItsGroupsCannotSplit() {
    assertThatThrownBy(
            () -> build("resnext50_32x4d_w_d_v2_ibn_a", "bn", 8, new ImageShape(3, 32, 32)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cardinality 32")
        .hasMessageContaining("baseWidth 8");
  }
}

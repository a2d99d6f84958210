package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.Torch;

class NormsTest {

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

  @Test
  void buildsTheLayerEachSpecNames() {
    assertThat(create("bn", 4, 16)).isInstanceOf(BatchNorm2d.class);
    assertThat(((BatchNorm2d) create("bn", 4, 16)).normBatchSize()).isEqualTo(4);
    assertThat(((GroupNorm2d) create("gn:8", 1, 16)).groups()).isEqualTo(8);
    assertThat(((GroupNorm2d) create("gn", 1, 64)).groups()).isEqualTo(32);
    assertThat(((GroupNorm2d) create("ln", 1, 16)).groups()).isEqualTo(1);
    assertThat(create("in", 1, 16)).isInstanceOf(InstanceNorm2d.class);
    assertThat(create("none", 1, 16)).isInstanceOf(IdentityNorm.class);
  }

  @Test
  void namesStateAsPyTorchDoes() {
    assertThat(StateNames.of(create("bn", 1, 4)).keySet())
        .containsExactly("weight", "bias", "running_mean", "running_var");
    assertThat(StateNames.of(create("gn:2", 1, 4)).keySet()).containsExactly("weight", "bias");
    assertThat(StateNames.of(create("in", 1, 4)).keySet()).containsExactly("weight", "bias");
    assertThat(StateNames.of(create("none", 1, 4))).isEmpty();
    assertThat(StateNames.of(create("bn", 1, 4)).get("running_mean").requiresGradient()).isFalse();
  }

  @Test
  void rejectsGroupsNotDividingChannels() {
    assertThatThrownBy(() -> create("gn:32", 1, 16))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("16 channels into 32 groups")
        .hasMessageContaining("gn:1, gn:2, gn:4, gn:8, gn:16");
  }

  @Test
  void rejectsBatchesThatDoNotSplitIntoNormalizationGroups() {
    Block bn = create("bn", 3, 2);
    try (NDManager scope = manager.newSubManager()) {
      bn.initialize(scope, DataType.FLOAT32, new Shape(4, 2, 3, 3));
      NDArray x = scope.randomNormal(new Shape(4, 2, 3, 3));
      assertThatThrownBy(() -> forward(bn, scope, x, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("4 samples")
          .hasMessageContaining("groups of 3");
    }
    assertThatThrownBy(() -> Norms.factory(new NormSpec.Batch(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("normBatchSize");
  }

  @Test
  void rejectsInputWithOtherChannelCount() {
    Block gn = create("gn:2", 1, 4);
    try (NDManager scope = manager.newSubManager()) {
      gn.initialize(scope, DataType.FLOAT32, new Shape(2, 4, 3, 3));
      NDArray x = scope.randomNormal(new Shape(2, 6, 3, 3));
      assertThatThrownBy(() -> forward(gn, scope, x, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("over 4 channels got input (2, 6, 3, 3)");
    }
  }

  @Test
  void instanceNormUsesPerSampleStatisticsInInference() {
    Block in = create("in", 1, 3);
    try (NDManager scope = manager.newSubManager()) {
      in.initialize(scope, DataType.FLOAT32, new Shape(2, 3, 4, 4));
      NDArray x = scope.randomNormal(new Shape(2, 3, 4, 4)).mul(scope.create(5f));
      float[] training = forward(in, scope, x, true).toFloatArray();
      float[] inference = forward(in, scope, x, false).toFloatArray();
      assertThat(inference).containsExactly(training);
    }
  }

  @Test
  void noneReturnsItsInputUnchanged() {
    Block none = create("none", 1, 3);
    try (NDManager scope = manager.newSubManager()) {
      none.initialize(scope, DataType.FLOAT32, new Shape(2, 3, 4, 4));
      NDArray x = scope.randomNormal(new Shape(2, 3, 4, 4));
      assertThat(forward(none, scope, x, true).toFloatArray()).containsExactly(x.toFloatArray());
    }
  }

  /**
   * Values derived from parameters (reshapes, tiles) must die with the input's scope, not pile up
   * in the parameters' manager once per forward (djl-notes 8).
   */
  @ParameterizedTest
  @ValueSource(strings = {"bn", "gn:2", "ln", "in", "none"})
  void leavesNothingBehindInTheParameterManager(String spec) {
    try (NDManager model = manager.newSubManager()) {
      Block norm = create(spec, 2, 4);
      norm.initialize(model, DataType.FLOAT32, new Shape(4, 4, 3, 3));
      ParameterStore store = new ParameterStore(model, false);
      int before = model.getManagedArrays().size();
      for (int i = 0; i < 3; i++) {
        try (NDManager scope = model.newSubManager()) {
          NDArray x = scope.randomNormal(new Shape(4, 4, 3, 3));
          x.setRequiresGradient(true);
          try (Autograd tape = Autograd.record()) {
            NDArray y = norm.forward(store, new NDList(x), true).singletonOrThrow();
            Torch.backward(y.sum());
          }
          norm.forward(store, new NDList(x), false);
        }
      }
      assertThat(model.getManagedArrays()).hasSize(before);
    }
  }

  @Test
  void uniformPolicyPutsTheNormAtEveryConvolutionAndNothingAfterTheSum() {
    NormPolicy policy = NormPolicy.uniform(new NormSpec.Batch(), 2);
    BlockPosition position = new BlockPosition(1, 0, 2);
    for (NormSite site :
        List.of(
            NormSite.STEM, NormSite.CONV1, NormSite.CONV2, NormSite.CONV3, NormSite.DOWNSAMPLE)) {
      assertThat(policy.at(site, position)).as(site.name()).isPresent();
    }
    assertThat(policy.at(NormSite.POST_ADD, position)).isEmpty();
  }

  private static Block create(String spec, int normBatchSize, int channels) {
    return Norms.factory(NormSpec.parse(spec), normBatchSize).create(channels);
  }

  private static NDArray forward(Block block, NDManager scope, NDArray x, boolean training) {
    return block
        .forward(new ParameterStore(scope, false), new NDList(x), training)
        .singletonOrThrow();
  }
}

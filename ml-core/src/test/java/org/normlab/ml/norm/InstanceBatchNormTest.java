package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.norm.InstanceBatchNorm.Order;

/** Structure of the IBN split; numerics against PyTorch are in backbone.IbnNumericsTest. */
class InstanceBatchNormTest {

  private static final NormFactory BN = Norms.factory(new NormSpec.Batch(), 1);
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
  void instanceFirstPutsTheRoundedDownRatioIntoInstanceNormFirst() {
    InstanceBatchNorm ibn = new InstanceBatchNorm(9, 0.5, Order.INSTANCE_FIRST, BN);
    assertThat(ibn.instanceChannels()).isEqualTo(4);
    assertThat(StateNames.of(ibn).keySet())
        .containsExactly(
            "IN.weight", "IN.bias", "BN.weight", "BN.bias", "BN.running_mean", "BN.running_var");
    assertThat(shapes(ibn, "IN.weight", "BN.weight")).containsExactly(new Shape(4), new Shape(5));
  }

  @Test
  void batchFirstRoundsTheBatchPartDownAndPutsItFirst() {
    // DenseNet-IBN: int(10 * 0.6) = 6 channels of BN, then 4 of IN.
    InstanceBatchNorm ibn = new InstanceBatchNorm(10, 0.4, Order.BATCH_FIRST, BN);
    assertThat(ibn.instanceChannels()).isEqualTo(4);
    assertThat(StateNames.of(ibn).keySet())
        .containsExactly(
            "BN.weight", "BN.bias", "BN.running_mean", "BN.running_var", "IN.weight", "IN.bias");
    assertThat(shapes(ibn, "BN.weight", "IN.weight")).containsExactly(new Shape(6), new Shape(4));
  }

  @Test
  void theBatchHalfIsWhateverTheNormSpecBuilds() {
    InstanceBatchNorm ibn =
        new InstanceBatchNorm(
            8, 0.5, Order.INSTANCE_FIRST, Norms.factory(new NormSpec.Group(2), 1));
    assertThat(StateNames.of(ibn).keySet())
        .containsExactly("IN.weight", "IN.bias", "BN.weight", "BN.bias");
    assertThat(ibn.getChildren().get(1).getValue()).isInstanceOf(GroupNorm2d.class);
  }

  @Test
  void instancePartIsPerSampleInTrainingAndInference() {
    NormFactory wholeBatch = Norms.factory(new NormSpec.Batch(), 3);
    InstanceBatchNorm ibn = new InstanceBatchNorm(4, 0.5, Order.INSTANCE_FIRST, wholeBatch);
    try (NDManager scope = manager.newSubManager()) {
      Shape shape = new Shape(3, 4, 5, 5);
      ibn.initialize(scope, DataType.FLOAT32, shape);
      NDArray x = scope.randomNormal(shape).mul(3).add(2);
      ParameterStore store = new ParameterStore(scope, false);
      NDArray train = ibn.forward(store, new NDList(x), true).singletonOrThrow();
      NDArray eval = ibn.forward(store, new NDList(x), false).singletonOrThrow();
      assertThat(train.getShape()).isEqualTo(shape);
      NDArray inTrain = train.get(":, 0:2");
      NDArray inEval = eval.get(":, 0:2");
      assertThat(inTrain.sub(inEval).abs().max().getFloat()).isEqualTo(0f);
      // The BN part uses running statistics at inference, so it differs there.
      assertThat(train.get(":, 2:").sub(eval.get(":, 2:")).abs().max().getFloat())
          .isGreaterThan(0.1f);
    }
  }

  @Test
  void rejectsSplitsWithAnEmptyPart() {
    assertThatThrownBy(() -> new InstanceBatchNorm(1, 0.5, Order.INSTANCE_FIRST, BN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot split 1 channels");
    assertThatThrownBy(() -> new InstanceBatchNorm(8, 1.0, Order.INSTANCE_FIRST, BN))
        .hasMessageContaining("ratio must be in (0, 1), got 1.0");
  }

  private static List<Shape> shapes(InstanceBatchNorm ibn, String... keys) {
    Shape input = new Shape(2, ibn.channels(), 3, 3);
    try (NDManager scope = manager.newSubManager()) {
      ibn.initialize(scope, DataType.FLOAT32, input);
      assertThat(input).as("input shape left alone").isEqualTo(new Shape(2, ibn.channels(), 3, 3));
      List<Shape> shapes = new ArrayList<>();
      for (String key : keys) {
        shapes.add(StateNames.of(ibn).get(key).getArray().getShape());
      }
      return shapes;
    }
  }
}

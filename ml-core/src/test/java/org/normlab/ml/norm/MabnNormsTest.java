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
import org.normlab.ml.nn.Backprop;
import org.normlab.ml.nn.ConvFactory;
import org.normlab.ml.nn.CustomGradient;
import org.normlab.ml.nn.DjlRuntime;

/** How the norm texts brn, mabn[-plain][:window] become layers and convolutions. */
class MabnNormsTest {

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
  void mabnWindowDefaultsToBatchSizeOverNormBatchSize() {
    MovingAverageBatchNorm2d auto = mabn("mabn", 2, 32);
    assertThat(auto.settings()).isEqualTo(MabnSettings.paper(16));
    assertThat(auto.normBatchSize()).isEqualTo(2);
    assertThat(mabn("mabn-plain", 4, 32).settings().window()).isEqualTo(8);
    assertThat(mabn("mabn:6", 2, 32).settings().window()).isEqualTo(6);
    assertThat(mabn("mabn", 32, 32).settings().window()).isEqualTo(1);
  }

  @Test
  void mabnWithoutABatchSizeNeedsAnExplicitWindow() {
    assertThatThrownBy(() -> Norms.factory(NormSpec.parse("mabn"), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("batchSize / normBatchSize")
        .hasMessageContaining("mabn:16");
    assertThat(Norms.factory(NormSpec.parse("mabn:8"), 2).create(4))
        .isInstanceOf(MovingAverageBatchNorm2d.class);
    assertThatThrownBy(() -> Norms.factory(NormSpec.parse("mabn"), 3, 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must divide");
  }

  @Test
  void mabnAsksForCentredConvolutionsAndMabnPlainForPlainFoldableOnes() {
    assertThat(NormPolicy.uniform(NormSpec.parse("mabn"), 2, 32).convolutions())
        .isSameAs(ConvFactory.CENTERED);
    assertThat(NormPolicy.uniform(NormSpec.parse("mabn-plain:4"), 2).convolutions())
        .isSameAs(ConvFactory.FOLDABLE);
    for (String other : List.of("bn", "brn", "gn:2", "in", "ln", "none")) {
      assertThat(NormPolicy.uniform(NormSpec.parse(other), 2, 32).convolutions())
          .as(other)
          .isSameAs(ConvFactory.PLAIN);
    }
    assertThat(Norms.factory(NormSpec.parse("brn"), 2, 32).create(3))
        .isInstanceOf(BatchRenorm2d.class);
  }

  /**
   * Everything a training step allocates (forward, correction, backward, buffer updates) dies with
   * the step's scope; inference too (djl-notes 8).
   */
  @ParameterizedTest
  @ValueSource(strings = {"mabn:2", "brn"})
  void leavesNothingBehindInTheParameterManager(String spec) {
    try (NDManager model = manager.newSubManager()) {
      Block norm = Norms.factory(NormSpec.parse(spec), 2).create(4);
      norm.initialize(model, DataType.FLOAT32, new Shape(4, 4, 3, 3));
      ParameterStore store = new ParameterStore(model, false);
      List<CustomGradient> custom =
          norm instanceof CustomGradient layer ? List.of(layer) : List.of();
      int before = model.getManagedArrays().size();
      for (int i = 0; i < 4; i++) {
        try (NDManager scope = model.newSubManager()) {
          NDArray x = scope.randomNormal(new Shape(4, 4, 3, 3));
          x.setRequiresGradient(true);
          try (Autograd tape = Autograd.record()) {
            NDArray y = norm.forward(store, new NDList(x), true).singletonOrThrow();
            Backprop.run(y.sum(), custom);
          }
          norm.forward(store, new NDList(x), false);
        }
      }
      assertThat(model.getManagedArrays()).as("arrays left in the model's manager").hasSize(before);
    }
  }

  private static MovingAverageBatchNorm2d mabn(String text, int normBatchSize, int batchSize) {
    return (MovingAverageBatchNorm2d)
        Norms.factory(NormSpec.parse(text), normBatchSize, batchSize).create(4);
  }
}

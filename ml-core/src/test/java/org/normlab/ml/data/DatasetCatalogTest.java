package org.normlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetCatalogTest {

  @Test
  void defaultsRegisterFashionMnistAtTheDebianLocation() {
    DatasetCatalog catalog = DatasetCatalog.defaults();
    assertThat(catalog.names()).containsExactly("fashion-mnist");
    DatasetDefinition fashion = catalog.get("fashion-mnist");
    assertThat(fashion.location()).isEqualTo(Path.of("/usr/share/datasets/fashion-mnist"));
    assertThat(fashion.numClasses()).isEqualTo(10);
    assertThat(new int[] {fashion.channels(), fashion.height(), fashion.width()})
        .containsExactly(1, 28, 28);
  }

  @Test
  void unknownNameListsTheKnownOnes() {
    assertThatThrownBy(() -> DatasetCatalog.defaults().get("imagenet"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Unknown dataset 'imagenet'; known: fashion-mnist");
  }

  @Test
  void rejectsDuplicateNames() {
    DatasetDefinition a =
        new DatasetDefinition("a", DatasetFormat.FASHION_MNIST_IDX, Path.of("/x"), 10, 1, 28, 28);
    assertThatThrownBy(() -> DatasetCatalog.of(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Duplicate dataset name 'a'");
  }

  @Test
  void definitionsMustMatchTheirFormatsChannels() {
    assertThatThrownBy(
            () ->
                new DatasetDefinition(
                    "rgb", DatasetFormat.FASHION_MNIST_IDX, Path.of("/x"), 10, 3, 28, 28))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 channels");
  }

  @Test
  void splitsParseFromText() {
    assertThat(Split.parse("test")).isEqualTo(Split.TEST);
    assertThat(Split.parse(" Train ")).isEqualTo(Split.TRAIN);
    assertThatThrownBy(() -> Split.parse("val"))
        .hasMessage("Unknown split 'val'; allowed: train, test");
  }
}

package org.normlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads the real Debian files (package dataset-fashion-mnist). */
class FashionMnistIdxTest {

  private static final DatasetDefinition FASHION = DatasetCatalog.defaults().get("fashion-mnist");
  private static ImageDataset train;

  @TempDir Path directory;

  @BeforeAll
  static void load() {
    train = DatasetLoader.load(FASHION, Split.TRAIN);
  }

  @Test
  void readsTheTrainSplit() {
    assertThat(train.size()).isEqualTo(60_000);
    assertThat(new int[] {train.channels(), train.height(), train.width()})
        .containsExactly(1, 28, 28);
    int[] first = new int[10];
    for (int i = 0; i < first.length; i++) {
      first[i] = train.label(i);
    }
    assertThat(first).containsExactly(9, 0, 0, 3, 0, 2, 7, 2, 5, 5);
  }

  @Test
  void readsTheTestSplit() {
    ImageDataset test = DatasetLoader.load(FASHION, Split.TEST);
    assertThat(test.size()).isEqualTo(10_000);
    assertThat(test.label(0)).isEqualTo(9);
    assertThat(test.numClasses()).isEqualTo(10);
  }

  /** The fixed statistics in DatasetFormat are those of the train pixels. */
  @Test
  void documentedPixelStatisticsAreTheTrainSplits() {
    double sum = 0;
    double sumOfSquares = 0;
    long count = 0;
    for (int i = 0; i < train.size(); i++) {
      for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
          double v = train.pixel(i, 0, r, c) / 255.0;
          sum += v;
          sumOfSquares += v * v;
          count++;
        }
      }
    }
    double mean = sum / count;
    double std = Math.sqrt(sumOfSquares / count - mean * mean);
    PixelStatistics fixed = DatasetFormat.FASHION_MNIST_IDX.statistics();
    assertThat(fixed.mean()[0]).isCloseTo((float) mean, within(1e-6f));
    assertThat(fixed.std()[0]).isCloseTo((float) std, within(1e-6f));
  }

  @Test
  void missingDirectoryNamesTheFileAndThePackage() {
    DatasetDefinition missing =
        new DatasetDefinition(
            "fm", DatasetFormat.FASHION_MNIST_IDX, directory.resolve("absent"), 10, 1, 28, 28);
    assertThatThrownBy(() -> DatasetLoader.load(missing, Split.TRAIN))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining(directory.resolve("absent/train-images-idx3-ubyte.gz").toString())
        .hasMessageContaining("sudo apt-get install dataset-fashion-mnist");
  }

  @Test
  void rejectsFilesThatAreNotImageIdx() throws IOException {
    write("train-images-idx3-ubyte.gz", new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
    write("train-labels-idx1-ubyte.gz", new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
    assertThatThrownBy(() -> DatasetLoader.load(definition(), Split.TRAIN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an unsigned-byte IDX file of rank 3");
  }

  @Test
  void rejectsTruncatedFiles() throws IOException {
    // Declares 2 images of 28x28 but holds 10 bytes of pixels.
    byte[] header = {
      0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    };
    write("train-images-idx3-ubyte.gz", header);
    write("train-labels-idx1-ubyte.gz", new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 1, 2});
    assertThatThrownBy(() -> DatasetLoader.load(definition(), Split.TRAIN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is truncated");
  }

  @Test
  void rejectsImagesOfAnotherSize() {
    DatasetDefinition wrong =
        new DatasetDefinition(
            "fm32", DatasetFormat.FASHION_MNIST_IDX, FASHION.location(), 10, 1, 32, 32);
    assertThatThrownBy(() -> DatasetLoader.load(wrong, Split.TEST))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds 28x28 images but dataset 'fm32' declares 32x32");
  }

  @Test
  void subsetsWrittenForTestsReadBackIdentically() {
    DatasetCatalog catalog = TestDatasets.fashionMnistSubset(directory, "fm-small", 50, 20);
    ImageDataset subset = DatasetLoader.load(catalog.get("fm-small"), Split.TRAIN);
    assertThat(subset.size()).isEqualTo(50);
    for (int i : List.of(0, 17, 49)) {
      assertThat(subset.label(i)).isEqualTo(train.label(i));
      assertThat(subset.pixel(i, 0, 14, 14)).isEqualTo(train.pixel(i, 0, 14, 14));
    }
  }

  private DatasetDefinition definition() {
    return new DatasetDefinition("fm", DatasetFormat.FASHION_MNIST_IDX, directory, 10, 1, 28, 28);
  }

  private void write(String name, byte[] content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(directory.resolve(name)))) {
      out.write(content);
    }
  }
}

package org.normlab.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.ml.data.BatchAssembler.Batch;
import org.normlab.ml.nn.DjlRuntime;

class BatchAssemblerTest {

  @TempDir Path directory;

  @Test
  void standardizesPixelsAndKeepsLabels() {
    DatasetCatalog catalog = TestDatasets.fashionMnistSubset(directory, "fm", 20, 10);
    ImageDataset data = DatasetLoader.load(catalog.get("fm"), Split.TRAIN);
    DjlRuntime.engine();
    try (NDManager manager = NDManager.newBaseManager()) {
      Batch batch = new BatchAssembler(data).assemble(manager, new int[] {3, 0, 7});
      assertThat(batch.images().getShape()).isEqualTo(new Shape(3, 1, 28, 28));
      assertThat(batch.images().getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(batch.labels().getDataType()).isEqualTo(DataType.INT64);
      assertThat(batch.labels().toLongArray())
          .containsExactly(data.label(3), data.label(0), data.label(7));
      float[] values = batch.images().toFloatArray();
      int row = 13;
      int column = 11;
      float expected = (data.pixel(0, 0, row, column) / 255f - 0.2860406f) / 0.3530242f;
      assertThat(values[784 + row * 28 + column]).isCloseTo(expected, within(1e-6f));
    }
  }
}

package org.normlab.ml.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.normlab.ml.data.SamplerPosition;
import org.normlab.ml.nn.DjlRuntime;

class CheckpointFormatTest {

  @Test
  void roundTripsTensorsByKeyAndTheCounters() throws IOException {
    DjlRuntime.engine();
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray weight = manager.randomNormal(new Shape(4, 3, 3, 3));
      weight.setName("weight"); // the parameter's own name must survive the write
      Map<String, NDArray> model = new LinkedHashMap<>();
      model.put("conv1.weight", weight);
      model.put("bn1.running_var", manager.ones(new Shape(4)));
      Map<String, NDArray> momentum =
          Map.of("conv1.weight", manager.randomNormal(new Shape(4, 3, 3, 3)));
      TrainingCounters counters =
          new TrainingCounters(3, 1234, new SamplerPosition(2, 640), 64, -7L, 0.4375,
              new LossHistory(java.util.List.of(2.25, 1.125), 0.75, 3), 17);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (NDManager scratch = manager.newSubManager()) {
        CheckpointFormat.write(bytes, model, momentum, counters, scratch);
      }
      assertThat(weight.getName()).isEqualTo("weight");

      CheckpointContent read =
          CheckpointFormat.read(new ByteArrayInputStream(bytes.toByteArray()), manager);
      assertThat(read.counters()).isEqualTo(counters);
      assertThat(read.model().keySet())
          .containsExactlyInAnyOrder("conv1.weight", "bn1.running_var");
      assertThat(read.model().get("conv1.weight").toFloatArray()).isEqualTo(weight.toFloatArray());
      assertThat(read.momentum().get("conv1.weight").toFloatArray())
          .isEqualTo(momentum.get("conv1.weight").toFloatArray());
    }
  }

  /** Checkpoints written before the loss history and the skipped-image count were kept still load. */
  @Test
  void readsACheckpointWithoutLossHistoryOrSkippedImagesAsEmptyOnes() throws IOException {
    DjlRuntime.engine();
    try (NDManager manager = NDManager.newBaseManager()) {
      TrainingCounters counters =
          new TrainingCounters(1, 20, new SamplerPosition(1, 0), 32, 5L, 0.5,
              new LossHistory(java.util.List.of(0.5), 0, 0), 4);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (NDManager scratch = manager.newSubManager()) {
        CheckpointFormat.write(bytes, Map.of("w", manager.ones(new Shape(2))), Map.of(), counters, scratch);
      }
      ai.djl.ndarray.NDList older = new ai.djl.ndarray.NDList();
      for (NDArray array : ai.djl.ndarray.NDList.decode(manager, bytes.toByteArray())) {
        String name = array.getName();
        if (!name.contains("epoch_mean_losses") && !name.contains("open_epoch") && !name.contains("skipped_images")) {
          older.add(array);
        }
      }
      ByteArrayOutputStream olderBytes = new ByteArrayOutputStream();
      older.encode(olderBytes, ai.djl.ndarray.NDList.Encoding.SAFETENSORS);

      CheckpointContent read = CheckpointFormat.read(new ByteArrayInputStream(olderBytes.toByteArray()), manager);
      assertThat(read.counters().losses()).isEqualTo(LossHistory.EMPTY);
      assertThat(read.counters().skippedImages()).isZero();
      assertThat(read.counters().iteration()).isEqualTo(20);
    }
  }

  @Test
  void rejectsBytesThatAreNotACheckpoint() {
    DjlRuntime.engine();
    try (NDManager manager = NDManager.newBaseManager()) {
      assertThatThrownBy(
              () ->
                  CheckpointFormat.read(new ByteArrayInputStream(new byte[] {1, 2, 3, 4}), manager))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

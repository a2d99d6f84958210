package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoShapesTest {

  @TempDir Path dir;

  @Test
  void isGeneratedOnceWithBothSplitsAndThenLeftAlone() throws Exception {
    Path location = dir.resolve("datasets").resolve(CocoShapes.NAME);

    assertThat(CocoShapes.ensure(location)).isTrue();
    Path train = location.resolve("annotations/instances_train.json");
    long written = Files.getLastModifiedTime(train).toMillis();
    assertThat(CocoShapes.ensure(location)).isFalse();

    assertThat(Files.getLastModifiedTime(train).toMillis()).isEqualTo(written);
    CocoDetectionData trainSplit = CocoDetectionData.open(location, "train", true);
    assertThat(trainSplit.classes()).isEqualTo(CocoShapes.CATEGORIES);
    assertThat(trainSplit.dataset().images()).hasSize(64);
    assertThat(CocoDetectionData.open(location, "val", false).size()).isEqualTo(16);
    try (var siblings = Files.list(location.getParent())) {
      assertThat(siblings).as("no staging directory left").containsExactly(location);
    }
  }
}

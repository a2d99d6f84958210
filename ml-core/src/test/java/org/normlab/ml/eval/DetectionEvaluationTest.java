package org.normlab.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.data.SamplerPosition;
import org.normlab.ml.checkpoint.TrainingCounters;
import org.normlab.ml.data.transform.ChwLayout;
import org.normlab.ml.detection.coco.Box;
import org.normlab.ml.detection.coco.CocoDetectionData;
import org.normlab.ml.detection.coco.Detection;
import org.normlab.ml.detection.coco.DetectionSample;
import org.normlab.ml.detection.coco.ResizeToRange;
import org.normlab.ml.detection.coco.Rle;
import org.normlab.ml.detection.coco.SyntheticCoco;
import org.normlab.ml.detection.model.BinaryMask;
import org.normlab.ml.detection.model.DetectionNorms;
import org.normlab.ml.detection.model.Detections;
import org.normlab.ml.detection.model.MaskRcnn;
import org.normlab.ml.detection.model.MaskRcnnConfig;
import org.normlab.ml.detection.model.RoiSettings;
import org.normlab.ml.detection.model.RpnSettings;

class DetectionEvaluationTest {

  @TempDir static Path dir;

  static CocoDetectionData shapes;

  @BeforeAll
  static void writeASyntheticSplit() {
    // 96-160 px shapes with crowd regions (SyntheticCoco.Options.small).
    SyntheticCoco.write(dir, "val", 11, SyntheticCoco.Options.small(6));
    shapes = new CocoDetectionData(dir.resolve("val"), CocoDetectionData.open(dir, "val", false).dataset(), false);
  }

  @Test
  void groundTruthThroughTheConverterAtTheOriginalSizeScoresApHundredForBoxesAndMasks() {
    List<Detection> boxes = new ArrayList<>();
    List<Detection> masks = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      DetectionSample truth = shapes.get(i);
      CocoResults results = CocoResults.of(asDetections(truth), truth.imageId(), truth.image().height(),
          truth.image().width(), truth.image().height(), truth.image().width(), shapes::categoryOf);
      boxes.addAll(results.boxes());
      masks.addAll(results.masks());
    }

    DetectionMetrics metrics = DetectionEvaluation.metrics(shapes, boxes, masks, 1.0);

    assertThat(List.of(metrics.bbox().ap(), metrics.bbox().ap50(), metrics.bbox().ap75(), metrics.bbox().ar100()))
        .containsOnly(100.0);
    assertThat(List.of(metrics.segm().ap(), metrics.segm().ap50(), metrics.segm().ap75(), metrics.segm().ar100()))
        .containsOnly(100.0);
    assertThat(boxes).allSatisfy(d -> assertThat(d.segmentation()).isNull());
    assertThat(masks).allSatisfy(d -> assertThat(d.bbox()).isNull());
    assertThat(metrics.images()).isEqualTo(6);
  }

  @Test
  void detectionsOnAResizedImageGoBackToTheOriginalCoordinates() {
    ResizeToRange half = new ResizeToRange(56, 90);
    List<Detection> boxes = new ArrayList<>();
    List<Detection> masks = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      DetectionSample truth = shapes.get(i);
      DetectionSample resized = half.apply(truth, new SplittableRandom(0));
      assertThat(resized.image().height()).isLessThan(truth.image().height());
      CocoResults results = CocoResults.of(asDetections(resized), truth.imageId(), resized.image().height(),
          resized.image().width(), truth.image().height(), truth.image().width(), shapes::categoryOf);
      boxes.addAll(results.boxes());
      masks.addAll(results.masks());
    }

    DetectionMetrics metrics = DetectionEvaluation.metrics(shapes, boxes, masks, 1.0);

    // Boxes scale back up to float rounding; masks lose detail at about half the resolution.
    assertThat(metrics.bbox().ap()).isEqualTo(100.0);
    assertThat(metrics.segm().ap50()).isEqualTo(100.0);
    assertThat(metrics.segm().ap()).isBetween(50.0, 99.9);
  }

  @Test
  void boxesInTheResizedImageAreScaledPerAxisToTheOriginal() {
    boolean[] pixels = new boolean[50 * 100];
    pixels[10 * 100 + 20] = true;
    Detections one = new Detections(new float[] {10, 5, 30, 25}, new int[] {2}, new float[] {0.9f},
        List.of(new BinaryMask(50, 100, pixels)));

    CocoResults results = CocoResults.of(one, 7, 50, 100, 100, 300, label -> 40L + label);

    Detection box = results.boxes().get(0);
    assertThat(box.bbox()).isEqualTo(new Box(30, 10, 60, 40));
    assertThat(box.categoryId()).isEqualTo(42);
    assertThat(box.score()).isEqualTo(0.9f);
    Rle mask = results.masks().get(0).segmentation().toRle(100, 300);
    assertThat(List.of(mask.height(), mask.width())).containsExactly(100, 300);
    // One source pixel becomes a 2 x 3 block at (20..21, 60..62).
    assertThat(mask.area()).isEqualTo(6);
    assertThat(mask.toBox()).isEqualTo(new Box(60, 20, 3, 2));
  }

  @Test
  void aRandomlyInitializedDetectorScoresALowApThroughTheWholePass() {
    try (MaskRcnn model = tinyDetector(3, 5L)) {
      DetectionMetrics metrics = score(model, 2);

      assertThat(metrics.images()).isEqualTo(6);
      assertThat(metrics.imagesPerSecond()).isPositive();
      // Ground truth exists in every area range that counts, so AP is defined (not null) and low.
      assertThat(metrics.bbox().ap()).isNotNull().isLessThan(5.0);
      assertThat(metrics.segm().ap()).isNotNull().isLessThan(5.0);
    }
  }

  @Test
  void aCheckpointRestoresEveryStateKeyAndTheRestoredDetectorFindsWhatTheSavedOneFound() throws IOException {
    byte[] checkpoint;
    DetectionMetrics saved;
    try (MaskRcnn model = tinyDetector(3, 5L); NDManager scratch = model.manager().newSubManager()) {
      Map<String, NDArray> arrays = new HashMap<>();
      model.state().forEach((key, parameter) -> arrays.put(key, parameter.getArray()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      CheckpointFormat.write(out, arrays, Map.of(), new TrainingCounters(0, 10, new SamplerPosition(0, 20), 2,
          5L, 1.0), scratch);
      checkpoint = out.toByteArray();
      saved = score(model, 3);
    }
    try (MaskRcnn other = tinyDetector(3, 6L)) {
      DetectionEvaluation.restore(other, new ByteArrayInputStream(checkpoint));

      DetectionMetrics restored = score(other, 3);
      assertThat(restored.bbox()).isEqualTo(saved.bbox());
      assertThat(restored.segm()).isEqualTo(saved.segm());
    }
  }

  @Test
  void aCheckpointOfAnotherDetectorIsRefusedNamingTheKeys() {
    try (MaskRcnn model = tinyDetector(3, 5L)) {
      Map<String, NDArray> arrays = new HashMap<>();
      model.state().forEach((key, parameter) -> arrays.put(key, parameter.getArray()));
      String dropped = arrays.keySet().stream().filter(k -> k.startsWith("backbone.body.layer1")).findFirst()
          .orElseThrow();
      arrays.remove(dropped);
      arrays.put("fc.weight", model.state().get("backbone.body.conv1.weight").getArray());

      assertThatThrownBy(() -> DetectionEvaluation.load(model, arrays))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("missing [" + dropped + "]")
          .hasMessageContaining("unexpected [fc.weight]");
    }
  }

  /** Ground truth as a detector's output in the sample's own pixels: score 1, its masks at its size. */
  private static Detections asDetections(DetectionSample sample) {
    int n = sample.labels().length;
    float[] corners = new float[4 * n];
    float[] scores = new float[n];
    List<BinaryMask> masks = new ArrayList<>();
    List<Rle> rles = sample.maskRles();
    for (int i = 0; i < n; i++) {
      Box b = sample.boxes().get(i);
      corners[4 * i] = (float) b.x();
      corners[4 * i + 1] = (float) b.y();
      corners[4 * i + 2] = (float) b.x2();
      corners[4 * i + 3] = (float) b.y2();
      scores[i] = 1f;
      masks.add(new BinaryMask(sample.image().height(), sample.image().width(), rles.get(i).decode()));
    }
    return new Detections(corners, sample.labels(), scores, masks);
  }

  /** The shapes at about their own size (shorter side 96, longer at most 160), BGR 0-255. */
  private static DetectionMetrics score(MaskRcnn model, int batchSize) {
    return DetectionEvaluation.score(model, shapes, new ResizeToRange(96, 160), ChwLayout.BGR_0_255::toChw,
        batchSize);
  }

  /** resnet10 of width 8 with FPN 16 and heads 16 / 32, anchors 8..128: seconds on a CPU. */
  private static MaskRcnn tinyDetector(int categories, long seed) {
    MaskRcnnConfig config = new MaskRcnnConfig("resnet10", 8, categories, new ImageShape(3, 160, 160), 16, 16, 32,
        RpnSettings.paper().withAnchorSizes(List.of(8, 16, 32, 64, 128)).withTopN(300, 100, 100, 50)
            .withBatchSizePerImage(64),
        RoiSettings.paper().withBatchSizePerImage(32));
    return MaskRcnn.create(config, DetectionNorms.of(NormSpec.parse("gn:4"), 2, 2), seed);
  }
}

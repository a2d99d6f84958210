package org.normlab.ml.detection.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.ml.detection.coco.CocoDetectionData;
import org.normlab.ml.detection.coco.CocoEvaluator;
import org.normlab.ml.detection.coco.Detection;
import org.normlab.ml.detection.coco.DetectionSample;
import org.normlab.ml.detection.coco.IouType;
import org.normlab.ml.detection.coco.SyntheticCoco;

class CocoTargetsTest {

  @Test
  void groundTruthThroughTargetsAndBackAsResultsScoresPerfectBoxAndMaskAp(@TempDir Path root) {
    SyntheticCoco.write(root, "train", 3L, SyntheticCoco.Options.small(4));
    CocoDetectionData data = CocoDetectionData.open(root, "train", true);
    List<Detection> results = new ArrayList<>();
    for (int i = 0; i < data.size(); i++) {
      DetectionSample sample = data.get(i);
      ImageTarget target = CocoTargets.target(sample);
      assertThat(target.masks())
          .allSatisfy(
              mask -> {
                assertThat(mask.height()).isEqualTo(sample.image().height());
                assertThat(mask.width()).isEqualTo(sample.image().width());
                assertThat(mask.area()).isPositive();
              });
      float[] scores = new float[target.count()];
      Arrays.fill(scores, 1f);
      Detections perfect =
          new Detections(target.boxes(), target.labels(), scores, target.masks());
      results.addAll(CocoTargets.results(sample.imageId(), perfect, data::categoryOf));
    }

    assertThat(results).isNotEmpty();
    assertThat(CocoEvaluator.evaluate(data.dataset(), results, IouType.BBOX).ap()).isEqualTo(1.0);
    assertThat(CocoEvaluator.evaluate(data.dataset(), results, IouType.SEGM).ap()).isEqualTo(1.0);
  }

  @Test
  void aMaskShiftedByTheWrongAxisConventionWouldNotMatch() {
    // Row-major in, row-major out: a mask's pixel (y=1, x=3) stays at (1, 3) through the RLE.
    boolean[] pixels = new boolean[4 * 5];
    pixels[5 + 3] = true;
    Detections one =
        new Detections(
            new float[] {3, 1, 4, 2},
            new int[] {1},
            new float[] {0.9f},
            List.of(new BinaryMask(4, 5, pixels)));
    Detection result = CocoTargets.results(7, one, label -> 42).get(0);

    boolean[] back = result.segmentation().toRle(4, 5).decode();
    assertThat(back).containsExactly(pixels);
    assertThat(result.categoryId()).isEqualTo(42);
    assertThat(result.bbox().x()).isEqualTo(3);
    assertThat(result.bbox().width()).isEqualTo(1);
  }
}

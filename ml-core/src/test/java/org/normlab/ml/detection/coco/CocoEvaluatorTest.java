package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-computed COCOeval cases; the expected numbers are derived in each test's comment. */
class CocoEvaluatorTest {

  private static final double EXACT = 1e-12; // 1/(1+eps) instead of 1 is the only rounding here

  private final List<CocoImage> images = new ArrayList<>();
  private final List<CocoAnnotation> annotations = new ArrayList<>();
  private final List<Detection> detections = new ArrayList<>();
  private List<CocoCategory> categories = List.of(new CocoCategory(1, "thing", ""));

  @Test
  void perfectDetectionsScoreOneEverywhere() {
    // One object per image (so maxDets=1 suffices), one per area range.
    image(1, 300, 300);
    image(2, 300, 300);
    image(3, 300, 300);
    gt(1, 1, box(10, 10, 20, 20), false);
    gt(2, 1, box(50, 50, 60, 60), false);
    gt(3, 1, box(5, 5, 150, 120), false);
    det(1, 1, box(10, 10, 20, 20), .9);
    det(2, 1, box(50, 50, 60, 60), .8);
    det(3, 1, box(5, 5, 150, 120), .7);

    assertThat(bbox().toArray()).containsOnly(new double[] {1}, within(EXACT));
  }

  @Test
  void noDetectionsGiveZeroAndEmptyAreaRangesGiveMinusOne() {
    image(1, 100, 100);
    gt(1, 1, box(10, 10, 20, 20), false); // small only: medium and large have no ground truth

    CocoMetrics m = bbox();

    assertThat(new double[] {m.ap(), m.ap50(), m.ap75(), m.apSmall(), m.ar1(), m.ar100(), m.arSmall()})
        .containsOnly(0.0);
    assertThat(new double[] {m.apMedium(), m.apLarge(), m.arMedium(), m.arLarge()}).containsOnly(-1.0);
  }

  @Test
  void detectionsWithoutAnyGroundTruthLeaveEverythingUndefined() {
    image(1, 100, 100);
    det(1, 1, box(10, 10, 20, 20), .9);

    assertThat(bbox().toArray()).containsOnly(-1.0);
  }

  @Test
  void detectionsInsideACrowdRegionAreIgnoredNotFalsePositives() {
    // The crowd boxes outrank the true positive: as false positives they would halve AP. Their IoU
    // with the crowd is intersection / area(detection) = 1, so they match it and are ignored.
    image(1, 100, 100);
    gt(1, 1, box(10, 10, 20, 20), false);
    gt(1, 1, box(50, 50, 40, 40), true);
    det(1, 1, box(55, 55, 10, 10), .95);
    det(1, 1, box(70, 70, 10, 10), .94);
    det(1, 1, box(10, 10, 20, 20), .9);

    CocoMetrics m = bbox();

    assertThat(m.ap()).isCloseTo(1, within(EXACT));
    assertThat(m.ar100()).isCloseTo(1, within(EXACT));
    assertThat(m.ar1()).isEqualTo(0); // the single best detection is an ignored crowd match
  }

  @Test
  void aCategoryWhoseOnlyGroundTruthIsACrowdIsLeftOut() {
    // Category 1 has only a crowd region: no ground truth that counts, so its precision and recall
    // stay -1 and its detections do not enter the means; category 2 alone decides.
    categories = List.of(new CocoCategory(1, "a", ""), new CocoCategory(2, "b", ""));
    image(1, 100, 100);
    gt(1, 1, box(50, 50, 40, 40), true);
    gt(1, 2, box(0, 0, 20, 20), false);
    det(1, 1, box(55, 55, 10, 10), .95);
    det(1, 1, box(60, 60, 20, 20), .9);
    det(1, 2, box(0, 0, 20, 20), .5);

    CocoMetrics m = bbox();

    assertThat(m.ap()).isCloseTo(1, within(EXACT)); // category 1 is -1 and left out
    assertThat(m.ar100()).isCloseTo(1, within(EXACT));
  }

  @Test
  void crowdMasksIgnoreDetectionsInsideThemForSegm() {
    image(1, 100, 100);
    boolean[] crowd = new boolean[100 * 100];
    for (int y = 50; y < 90; y++) {
      for (int x = 50; x < 90; x++) {
        crowd[y * 100 + x] = true;
      }
    }
    Rle crowdRle = Rle.encode(crowd, 100, 100);
    annotations.add(new CocoAnnotation(annotations.size() + 1, 1, 1, crowdRle.toBox(), crowdRle.area(), true,
        new Segmentation.RleMask(crowdRle, false)));
    Segmentation square = new Segmentation.Polygons(List.of(new double[] {10, 10, 30, 10, 30, 30, 10, 30}));
    annotations.add(new CocoAnnotation(annotations.size() + 1, 1, 1, box(10, 10, 20, 20), 400, false, square));
    detections.add(new Detection(1, 1, null, .95,
        new Segmentation.Polygons(List.of(new double[] {60, 60, 70, 60, 70, 70, 60, 70}))));
    detections.add(new Detection(1, 1, null, .9, square));

    CocoMetrics m = CocoEvaluator.evaluate(dataset(), detections, IouType.SEGM);

    assertThat(m.ap()).isCloseTo(1, within(EXACT));
  }

  @Test
  void aDuplicateDetectionIsAFalsePositive() {
    // Two objects; d1 hits A (.9), d2 duplicates A (.8), d3 hits B (.7).
    // tp = 1,1,2; fp = 0,1,1; recall = .5,.5,1; precision = 1,.5,2/3 -> monotone 1,2/3,2/3.
    // Recall thresholds 0..0.50 (51) read 1, 0.51..1 (50) read 2/3: AP = (51 + 50*2/3)/101 = 253/303.
    image(1, 200, 200);
    gt(1, 1, box(10, 10, 40, 40), false);
    gt(1, 1, box(100, 100, 40, 40), false);
    det(1, 1, box(10, 10, 40, 40), .9);
    det(1, 1, box(10, 10, 40, 40), .8);
    det(1, 1, box(100, 100, 40, 40), .7);

    CocoMetrics m = bbox();

    assertThat(m.ap()).isCloseTo(253.0 / 303, within(EXACT));
    assertThat(m.ap50()).isCloseTo(253.0 / 303, within(EXACT));
    assertThat(m.ar100()).isCloseTo(1, within(EXACT));
  }

  @Test
  void areaRangesSplitSmallMediumAndLarge() {
    // small 20x20 (found), medium 60x60 (missed), large 100x100 (found), and a small false
    // positive ranked first. all: tp 0,1,2 fp 1,1,1 of 3 -> precision 2/3 up to recall 2/3, i.e.
    // for recall thresholds 0..0.66 (67 of 101): AP = 67*(2/3)/101 = 134/303.
    // small: the large detection matches an ignored ground truth and is ignored; tp 0,1 fp 1,1 ->
    // precision .5 everywhere: APs = .5. medium: every detection is ignored (matched to ignored
    // ground truths or outside the range): APm = 0. large: one true positive, the rest ignored: 1.
    image(1, 300, 300);
    gt(1, 1, box(10, 10, 20, 20), false);
    gt(1, 1, box(50, 50, 60, 60), false);
    gt(1, 1, box(150, 150, 100, 100), false);
    det(1, 1, box(200, 10, 16, 16), .95);
    det(1, 1, box(10, 10, 20, 20), .9);
    det(1, 1, box(150, 150, 100, 100), .8);

    CocoMetrics m = bbox();

    assertThat(m.ap()).isCloseTo(134.0 / 303, within(EXACT));
    assertThat(m.apSmall()).isCloseTo(.5, within(EXACT));
    assertThat(m.apMedium()).isEqualTo(0);
    assertThat(m.apLarge()).isCloseTo(1, within(EXACT));
    assertThat(m.ar1()).isEqualTo(0);
    assertThat(m.ar10()).isCloseTo(2.0 / 3, within(EXACT));
    assertThat(m.arSmall()).isEqualTo(1);
    assertThat(m.arMedium()).isEqualTo(0);
    assertThat(m.arLarge()).isEqualTo(1);
  }

  @Test
  void maxDetsKeepOnlyTheBestScoredDetectionsPerImage() {
    // Ten false positives outrank the true positive: maxDets 1 and 10 never reach it; with 100
    // it is the 11th: precision 1/11 at recall 1, so AP = 1/11.
    image(1, 300, 300);
    gt(1, 1, box(10, 10, 40, 40), false);
    for (int i = 0; i < 10; i++) {
      det(1, 1, box(100 + 10 * i, 200, 8, 8), .9 - i * .01);
    }
    det(1, 1, box(10, 10, 40, 40), .5);

    CocoMetrics m = bbox();

    assertThat(m.ar1()).isEqualTo(0);
    assertThat(m.ar10()).isEqualTo(0);
    assertThat(m.ar100()).isEqualTo(1);
    assertThat(m.ap()).isCloseTo(1.0 / 11, within(EXACT));
  }

  @Test
  void detectionsPastTheHundredthOfAnImageAreDropped() {
    image(1, 1000, 1000);
    gt(1, 1, box(10, 10, 40, 40), false);
    for (int i = 0; i < 100; i++) {
      det(1, 1, box(100 + 8 * (i % 100), 500 + 8 * (i / 100), 5, 5), .9);
    }
    det(1, 1, box(10, 10, 40, 40), .5);

    CocoMetrics m = bbox();

    assertThat(m.ar100()).isEqualTo(0);
    assertThat(m.ap()).isEqualTo(0);
  }

  @Test
  void aCategoryWithoutGroundTruthIsLeftOutOfTheMean() {
    categories = List.of(new CocoCategory(1, "a", ""), new CocoCategory(2, "b", ""));
    image(1, 100, 100);
    gt(1, 1, box(10, 10, 20, 20), false);
    det(1, 1, box(10, 10, 20, 20), .9);
    det(1, 2, box(50, 50, 20, 20), .8); // category 2 has no ground truth: -1, not 0

    assertThat(bbox().ap()).isCloseTo(1, within(EXACT));
  }

  @Test
  void aLooseBoxCountsOnlyBelowItsIou() {
    // IoU of [0,0,10,10] with [0,0,10,13]: 100/130 = 0.769: a hit at 0.50..0.75 (6 of 10 thresholds).
    image(1, 100, 100);
    gt(1, 1, box(0, 0, 10, 13), false);
    det(1, 1, box(0, 0, 10, 10), .9);

    CocoMetrics m = bbox();

    assertThat(m.ap50()).isCloseTo(1, within(EXACT));
    assertThat(m.ap75()).isCloseTo(1, within(EXACT));
    assertThat(m.ap()).isCloseTo(.6, within(EXACT));
    assertThat(m.ar100()).isCloseTo(.6, within(EXACT));
  }

  private CocoMetrics bbox() {
    return CocoEvaluator.evaluate(dataset(), detections, IouType.BBOX);
  }

  private CocoDataset dataset() {
    return new CocoDataset(images, categories, annotations);
  }

  private void image(long id, int width, int height) {
    images.add(new CocoImage(id, id + ".png", width, height));
  }

  private void gt(long image, long category, Box box, boolean crowd) {
    annotations.add(new CocoAnnotation(annotations.size() + 1, image, category, box, box.area(), crowd,
        new Segmentation.Polygons(List.of(box.toPolygon()))));
  }

  private void det(long image, long category, Box box, double score) {
    detections.add(new Detection(image, category, box, score, null));
  }

  private static Box box(double x, double y, double w, double h) {
    return new Box(x, y, w, h);
  }
}

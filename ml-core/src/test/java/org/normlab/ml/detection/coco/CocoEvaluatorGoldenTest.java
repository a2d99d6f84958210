package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * The twelve summary numbers against pycocotools' COCOeval on a seeded random set (30 images, 13
 * categories one of them empty; 226 annotations with crowds, polygons, both RLE forms, all three
 * sizes; 425 detections with duplicates, ties, category swaps, an unknown category and one image
 * over maxDets), written by src/test/python/make_golden_coco.py.
 *
 * <p>Tolerance 0 (bit-identical): the counting is exact, every IoU, division and comparison is the
 * same IEEE double operation as in pycocotools/numpy, and the means sum in numpy's order (8192-long
 * chunks, pairwise inside; with a plain pairwise sum over the ~12,000 values three numbers differ
 * in the last bit). Should a future numpy reorder its reductions, the difference would stay below
 * ~1e-13; anything above 1e-12 is a real difference.
 */
class CocoEvaluatorGoldenTest {

  private static final double TOLERANCE = 0.0;

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource({
      "BBOX, results_bbox.json, bbox",
      "SEGM, results_segm.json, segm",
      "SEGM, results_segm_bbox.json, segm_bbox",
      "BBOX, results_segm.json, bbox_from_segm"})
  void twelveNumbersMatchPycocotools(IouType type, String results, String key) throws Exception {
    CocoDataset gt = read("instances_golden.json", in -> CocoJson.readDataset(in, "instances_golden.json"));
    List<Detection> dt = read(results, in -> CocoJson.readResults(in, results));
    double[] expected = RleGoldenTest.doubles(Golden.load("coco/eval_golden.json").get("stats").get(key));

    double[] actual = CocoEvaluator.evaluate(gt, dt, type).toArray();

    for (int i = 0; i < 12; i++) {
      assertThat(actual[i]).as("stats[%d]", i).isCloseTo(expected[i], within(TOLERANCE));
    }
  }

  interface Reader<T> {
    T read(InputStream in) throws Exception;
  }

  static <T> T read(String name, Reader<T> reader) throws Exception {
    try (InputStream in = CocoEvaluatorGoldenTest.class.getResourceAsStream("/golden/coco/" + name)) {
      return reader.read(in);
    }
  }
}

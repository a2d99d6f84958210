package org.normlab.ml.detection.coco;

import java.util.SplittableRandom;

/**
 * The shape categories of {@link SyntheticCoco}: each has its own outline and its own saturated
 * colour, so a small detector can tell them apart from both cues.
 */
enum SyntheticShape {
  RECTANGLE(1, "rectangle", new int[] {220, 40, 40}) {
    @Override
    double[] outline(double cx, double cy, double rx, double ry, SplittableRandom random) {
      double angle = random.nextDouble(-0.35, 0.35); // slightly rotated
      double[] xy = new double[8];
      double[][] corners = {{-rx, -ry}, {rx, -ry}, {rx, ry}, {-rx, ry}};
      for (int i = 0; i < 4; i++) {
        xy[2 * i] = cx + corners[i][0] * Math.cos(angle) - corners[i][1] * Math.sin(angle);
        xy[2 * i + 1] = cy + corners[i][0] * Math.sin(angle) + corners[i][1] * Math.cos(angle);
      }
      return round(xy);
    }
  },
  ELLIPSE(2, "ellipse", new int[] {40, 200, 60}) {
    @Override
    double[] outline(double cx, double cy, double rx, double ry, SplittableRandom random) {
      int points = 24;
      double[] xy = new double[2 * points];
      for (int i = 0; i < points; i++) {
        double a = 2 * Math.PI * i / points;
        xy[2 * i] = cx + rx * Math.cos(a);
        xy[2 * i + 1] = cy + ry * Math.sin(a);
      }
      return round(xy);
    }
  },
  TRIANGLE(3, "triangle", new int[] {50, 70, 230}) {
    @Override
    double[] outline(double cx, double cy, double rx, double ry, SplittableRandom random) {
      double apex = cx + random.nextDouble(-0.4, 0.4) * rx;
      return round(new double[] {apex, cy - ry, cx + rx, cy + ry, cx - rx, cy + ry});
    }
  };

  final int categoryId;
  final String label;
  final int[] rgb;

  SyntheticShape(int categoryId, String label, int[] rgb) {
    this.categoryId = categoryId;
    this.label = label;
    this.rgb = rgb;
  }

  /** The polygon of a shape centred at (cx, cy) with half-extents rx, ry. */
  abstract double[] outline(double cx, double cy, double rx, double ry, SplittableRandom random);

  /** Two decimals, as COCO files usually carry. */
  private static double[] round(double[] xy) {
    for (int i = 0; i < xy.length; i++) {
      xy[i] = Math.round(xy[i] * 100) / 100.0;
    }
    return xy;
  }
}

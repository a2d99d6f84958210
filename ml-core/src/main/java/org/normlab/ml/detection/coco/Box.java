package org.normlab.ml.detection.coco;

/** An axis-aligned box in COCO's {@code [x, y, width, height]} form (pixels, continuous). */
public record Box(double x, double y, double width, double height) {

  public static Box fromCorners(double x1, double y1, double x2, double y2) {
    return new Box(x1, y1, x2 - x1, y2 - y1);
  }

  public double area() {
    return width * height;
  }

  public double x2() {
    return x + width;
  }

  public double y2() {
    return y + height;
  }

  /** {@code [x, y, w, h]}. */
  public double[] toArray() {
    return new double[] {x, y, width, height};
  }

  /** The corners as pycocotools' frBbox lists them: (x,y), (x,y2), (x2,y2), (x2,y). */
  double[] toPolygon() {
    return new double[] {x, y, x, y2(), x2(), y2(), x2(), y};
  }
}

package org.normlab.ml.detection.coco;

/** An object-area range of COCOeval; both ends are inclusive, as pycocotools compares them. */
public record AreaRange(String label, double min, double max) {

  public boolean excludes(double area) {
    return area < min || area > max;
  }
}

package org.normlab.ml.detection.coco;

/** What COCOeval compares: boxes ({@code bbox}) or masks ({@code segm}). */
public enum IouType {
  BBOX("bbox"),
  SEGM("segm");

  private final String cocoName;

  IouType(String cocoName) {
    this.cocoName = cocoName;
  }

  /** pycocotools' name for it. */
  public String cocoName() {
    return cocoName;
  }
}

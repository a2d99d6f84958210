package org.normlab.ml.detection.coco;

/**
 * A ground truth or detection as COCOeval sees it: its area (for the area ranges), crowd flag,
 * score (ground truths: 0), box, and mask ({@code null} in bbox evaluation) with the mask's own
 * tight box, which lets mask IoU skip pairs whose masks cannot touch (as rleIou does).
 */
record EvalInstance(long imageId, long categoryId, double area, boolean crowd, double score, Box box,
    Rle mask, Box maskBox) {

  EvalInstance(long imageId, long categoryId, double area, boolean crowd, double score, Box box, Rle mask) {
    this(imageId, categoryId, area, crowd, score, box, mask, mask == null ? null : mask.toBox());
  }
}

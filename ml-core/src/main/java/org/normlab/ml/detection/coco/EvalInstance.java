package org.normlab.ml.detection.coco;

/**
 * A ground truth or detection as COCOeval sees it: its area (for the area ranges), crowd flag,
 * score (ground truths: 0), box, and mask ({@code null} in bbox evaluation).
 */
record EvalInstance(
    long imageId, long categoryId, double area, boolean crowd, double score, Box box, Rle mask) {}

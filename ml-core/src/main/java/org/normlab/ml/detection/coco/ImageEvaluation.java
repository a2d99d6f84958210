package org.normlab.ml.detection.coco;

/**
 * The outcome of matching one image's detections of one category within one area range (COCOeval's
 * evalImgs entry): detections in score order with, per IoU threshold, whether each matched a ground
 * truth and whether it is ignored; and which ground truths are ignored.
 */
record ImageEvaluation(
    double[] detectionScores, boolean[][] detectionMatched, boolean[][] detectionIgnored,
    boolean[] groundTruthIgnored) {}

package org.normlab.ml.detection.coco;

/**
 * COCOeval's accumulated tables: {@code precision[t][r][k][a][m]} (IoU threshold, recall
 * threshold, category, area range, maxDets) and {@code recall[t][k][a][m]}; -1 where a category has
 * no ground truth that counts in that area range.
 */
public record PrecisionTables(double[][][][][] precision, double[][][][] recall) {}

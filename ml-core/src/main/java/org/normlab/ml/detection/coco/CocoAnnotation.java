package org.normlab.ml.detection.coco;

/**
 * A ground-truth instance: its box, its {@code area} as written in the file (COCOeval uses this
 * number for the area ranges, not one recomputed from the mask), the crowd flag and its mask
 * ({@code null} when the file has none).
 */
public record CocoAnnotation(
    long id, long imageId, long categoryId, Box bbox, double area, boolean crowd,
    Segmentation segmentation) {}

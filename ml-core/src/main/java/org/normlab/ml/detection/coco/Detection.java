package org.normlab.ml.detection.coco;

/**
 * One entry of COCO's results format {@code [{image_id, category_id, bbox, score, segmentation?}]}.
 * {@code bbox} or {@code segmentation} may be {@code null} (not both).
 */
public record Detection(long imageId, long categoryId, Box bbox, double score, Segmentation segmentation) {

  public Detection {
    if (bbox == null && segmentation == null) {
      throw new IllegalArgumentException("a detection needs a bbox or a segmentation");
    }
  }
}

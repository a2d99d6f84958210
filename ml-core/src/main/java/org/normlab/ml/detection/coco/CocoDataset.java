package org.normlab.ml.detection.coco;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The content of an {@code instances_<split>.json}: images, categories and annotations. */
public record CocoDataset(
    List<CocoImage> images, List<CocoCategory> categories, List<CocoAnnotation> annotations) {

  public CocoDataset {
    images = List.copyOf(images);
    categories = List.copyOf(categories);
    annotations = List.copyOf(annotations);
  }

  /** The images by id, in file order. */
  public Map<Long, CocoImage> imagesById() {
    Map<Long, CocoImage> byId = new LinkedHashMap<>();
    images.forEach(image -> byId.put(image.id(), image));
    return byId;
  }

  public CocoImage image(long id) {
    CocoImage image = imagesById().get(id);
    if (image == null) {
      throw new IllegalArgumentException("no image with id " + id);
    }
    return image;
  }
}

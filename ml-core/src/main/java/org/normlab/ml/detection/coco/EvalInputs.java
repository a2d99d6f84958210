package org.normlab.ml.detection.coco;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Ground truths and detections grouped per (image, category), prepared as pycocotools' loadRes and
 * COCOeval._prepare prepare them: only the ground truth's images and categories count; a crowd
 * ground truth is ignored; a detection with a box has area w*h (and, without a mask, the box as its
 * mask), a detection with only a mask has the mask's area and box.
 */
final class EvalInputs {

  record Key(long imageId, long categoryId) {}

  final long[] imageIds;
  final long[] categoryIds;
  private final Map<Key, List<EvalInstance>> groundTruths = new HashMap<>();
  private final Map<Key, List<EvalInstance>> detections = new HashMap<>();

  EvalInputs(CocoDataset dataset, List<Detection> results, IouType type) {
    Map<Long, CocoImage> images = dataset.imagesById();
    imageIds = images.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    TreeSet<Long> categories = new TreeSet<>();
    dataset.categories().forEach(c -> categories.add(c.id()));
    categoryIds = categories.stream().mapToLong(Long::longValue).toArray();
    for (CocoAnnotation a : dataset.annotations()) {
      CocoImage image = images.get(a.imageId());
      if (image == null || !categories.contains(a.categoryId())) {
        continue;
      }
      Rle mask = null;
      if (type == IouType.SEGM) {
        if (a.segmentation() == null) {
          throw new IllegalArgumentException(
              "segm evaluation needs masks: annotation " + a.id() + " has no segmentation");
        }
        mask = a.segmentation().toRle(image.height(), image.width());
      }
      add(groundTruths,
          new EvalInstance(a.imageId(), a.categoryId(), a.area(), a.crowd(), 0, a.bbox(), mask));
    }
    for (int i = 0; i < results.size(); i++) {
      Detection d = results.get(i);
      CocoImage image = images.get(d.imageId());
      if (image == null) {
        throw new IllegalArgumentException(
            "result " + i + " has image_id " + d.imageId() + ", which the ground truth does not have");
      }
      if (categories.contains(d.categoryId())) {
        add(detections, detection(d, image, type));
      }
    }
  }

  private static EvalInstance detection(Detection d, CocoImage image, IouType type) {
    Rle mask = null;
    if (d.bbox() != null) {
      if (type == IouType.SEGM) {
        mask = d.segmentation() != null
            ? d.segmentation().toRle(image.height(), image.width())
            : Rle.fromBox(d.bbox(), image.height(), image.width());
      }
      return new EvalInstance(
          d.imageId(), d.categoryId(), d.bbox().area(), false, d.score(), d.bbox(), mask);
    }
    Rle rle = d.segmentation().toRle(image.height(), image.width());
    return new EvalInstance(d.imageId(), d.categoryId(), rle.area(), false, d.score(), rle.toBox(),
        type == IouType.SEGM ? rle : null);
  }

  private static void add(Map<Key, List<EvalInstance>> map, EvalInstance instance) {
    map.computeIfAbsent(new Key(instance.imageId(), instance.categoryId()), k -> new ArrayList<>())
        .add(instance);
  }

  List<EvalInstance> groundTruths(long imageId, long categoryId) {
    return groundTruths.getOrDefault(new Key(imageId, categoryId), List.of());
  }

  List<EvalInstance> detections(long imageId, long categoryId) {
    return detections.getOrDefault(new Key(imageId, categoryId), List.of());
  }
}

package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Objects;

/**
 * Images padded into one (N, 3, H, W) array (top-left aligned, zeros elsewhere, as
 * maskrcnn-benchmark's {@code to_image_list}), with each image's own size.
 */
public record ImageBatch(NDArray images, List<ImageSize> sizes) {

  public ImageBatch {
    Objects.requireNonNull(images, "images");
    sizes = List.copyOf(sizes);
    long n = images.getShape().get(0);
    if (images.getShape().dimension() != 4 || n != sizes.size()) {
      throw new IllegalArgumentException(
          "images must be (N, C, H, W) with one size per image, got "
              + images.getShape()
              + " and "
              + sizes.size()
              + " sizes");
    }
    long h = images.getShape().get(2);
    long w = images.getShape().get(3);
    for (ImageSize size : sizes) {
      if (size.height() > h || size.width() > w) {
        throw new IllegalArgumentException(
            "image size " + size + " exceeds the padded batch " + h + "x" + w);
      }
    }
  }

  public int count() {
    return sizes.size();
  }
}

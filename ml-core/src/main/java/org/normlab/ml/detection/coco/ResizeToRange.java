package org.normlab.ml.detection.coco;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.normlab.ml.data.transform.PilBilinear;
import org.normlab.ml.data.transform.RgbImage;

/**
 * maskrcnn-benchmark's Resize: the shorter side becomes {@code minSize} (one of several, picked at
 * random, for multi-scale training) unless that would make the longer side exceed {@code maxSize},
 * in which case the shorter side is {@code round(maxSize * short / long)}; the longer side is then
 * {@code int(size * long / short)}. The image is resized with Pillow's bilinear filter (what
 * torchvision's resize does to PIL images); boxes and polygons are scaled by the per-axis ratios,
 * RLE masks are resampled nearest-neighbour.
 */
public final class ResizeToRange implements DetectionTransform {

  private final int[] minSizes;
  private final int maxSize;

  public ResizeToRange(int minSize, int maxSize) {
    this(new int[] {minSize}, maxSize);
  }

  public ResizeToRange(int[] minSizes, int maxSize) {
    if (minSizes.length == 0 || Arrays.stream(minSizes).anyMatch(s -> s < 1) || maxSize < 1) {
      throw new IllegalArgumentException("minSizes must be positive and non-empty and maxSize positive, got "
          + Arrays.toString(minSizes) + " and " + maxSize);
    }
    this.minSizes = minSizes.clone();
    this.maxSize = maxSize;
  }

  /** {height, width} after resizing an image of the given size to {@code size}. */
  static int[] targetSize(int height, int width, int size, int maxSize) {
    double minOriginal = Math.min(width, height);
    double maxOriginal = Math.max(width, height);
    if (maxOriginal / minOriginal * size > maxSize) {
      size = (int) Math.rint(maxSize * minOriginal / maxOriginal); // Python's round: half to even
    }
    if ((width <= height && width == size) || (height <= width && height == size)) {
      return new int[] {height, width};
    }
    if (width < height) {
      return new int[] {(int) ((double) size * height / width), size};
    }
    return new int[] {size, (int) ((double) size * width / height)};
  }

  @Override
  public DetectionSample apply(DetectionSample sample, SplittableRandom random) {
    int size = minSizes.length == 1 ? minSizes[0] : minSizes[random.nextInt(minSizes.length)];
    RgbImage image = sample.image();
    int[] target = targetSize(image.height(), image.width(), size, maxSize);
    if (target[0] == image.height() && target[1] == image.width()) {
      return sample;
    }
    double sx = (double) target[1] / image.width();
    double sy = (double) target[0] / image.height();
    List<Box> boxes = sample.boxes().stream()
        .map(b -> new Box(b.x() * sx, b.y() * sy, b.width() * sx, b.height() * sy)).toList();
    List<Segmentation> masks = new ArrayList<>();
    for (Segmentation m : sample.masks()) {
      masks.add(m instanceof Segmentation.Polygons p
          ? scale(p, sx, sy)
          : new Segmentation.RleMask(MaskResampling.nearest(m.toRle(image.height(), image.width()),
              target[0], target[1]), false));
    }
    return new DetectionSample(sample.imageId(), PilBilinear.resize(image, target[1], target[0]), boxes,
        sample.labels(), masks);
  }

  private static Segmentation scale(Segmentation.Polygons polygons, double sx, double sy) {
    List<double[]> out = new ArrayList<>();
    for (double[] p : polygons.polygons()) {
      double[] q = new double[p.length];
      for (int i = 0; i < p.length; i += 2) {
        q[i] = p[i] * sx;
        q[i + 1] = p[i + 1] * sy;
      }
      out.add(q);
    }
    return new Segmentation.Polygons(out);
  }
}

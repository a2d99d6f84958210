package org.normlab.ml.detection.coco;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.normlab.ml.data.transform.RgbImage;

/**
 * A COCO split on disk ({@code <root>/annotations/instances_<split>.json}, images under
 * {@code <root>/<split>/}) read one image at a time as a {@link DetectionSample}. As
 * maskrcnn-benchmark's COCODataset for training: crowd annotations are left out, and, if asked,
 * images without any remaining annotation; category ids map to contiguous labels 1..K in ascending
 * id order.
 */
public final class CocoDetectionData {

  private final Path imageDir;
  private final CocoDataset dataset;
  private final List<CocoImage> images;
  private final Map<Long, List<CocoAnnotation>> byImage = new HashMap<>();
  private final long[] categoryOfLabel;
  private final Map<Long, Integer> labelOfCategory = new HashMap<>();

  public CocoDetectionData(Path imageDir, CocoDataset dataset, boolean skipImagesWithoutInstances) {
    this.imageDir = imageDir;
    this.dataset = dataset;
    categoryOfLabel = dataset.categories().stream().mapToLong(CocoCategory::id).sorted().toArray();
    for (int i = 0; i < categoryOfLabel.length; i++) {
      labelOfCategory.put(categoryOfLabel[i], i + 1);
    }
    for (CocoAnnotation a : dataset.annotations()) {
      if (!a.crowd() && labelOfCategory.containsKey(a.categoryId())) {
        byImage.computeIfAbsent(a.imageId(), k -> new ArrayList<>()).add(a);
      }
    }
    images = dataset.images().stream()
        .filter(image -> !skipImagesWithoutInstances || byImage.containsKey(image.id())).toList();
  }

  public static CocoDetectionData open(Path root, String split, boolean skipImagesWithoutInstances) {
    CocoDataset dataset =
        CocoJson.readDataset(root.resolve("annotations").resolve("instances_" + split + ".json"));
    return new CocoDetectionData(root.resolve(split), dataset, skipImagesWithoutInstances);
  }

  public int size() {
    return images.size();
  }

  public CocoDataset dataset() {
    return dataset;
  }

  /** Number of foreground classes K (labels run 1..K). */
  public int classes() {
    return categoryOfLabel.length;
  }

  public int labelOf(long categoryId) {
    Integer label = labelOfCategory.get(categoryId);
    if (label == null) {
      throw new IllegalArgumentException("unknown category id " + categoryId);
    }
    return label;
  }

  public long categoryOf(int label) {
    if (label < 1 || label > categoryOfLabel.length) {
      throw new IllegalArgumentException("label must be in 1.." + categoryOfLabel.length + ", got " + label);
    }
    return categoryOfLabel[label - 1];
  }

  /** The {@code index}-th image (in file order) with its non-crowd instances, boxes clipped. */
  public DetectionSample get(int index) {
    CocoImage info = images.get(index);
    RgbImage image = readImage(imageDir.resolve(info.fileName()));
    if (image.height() != info.height() || image.width() != info.width()) {
      throw new CocoFormatException(info.fileName() + " is " + image.width() + "x" + image.height()
          + " but images[id=" + info.id() + "] says " + info.width() + "x" + info.height());
    }
    List<CocoAnnotation> instances = byImage.getOrDefault(info.id(), List.of());
    List<Box> boxes = new ArrayList<>();
    List<Segmentation> masks = new ArrayList<>();
    int[] labels = new int[instances.size()];
    for (int i = 0; i < instances.size(); i++) {
      CocoAnnotation a = instances.get(i);
      boxes.add(a.bbox());
      labels[i] = labelOf(a.categoryId());
      masks.add(a.segmentation() != null ? a.segmentation()
          : new Segmentation.Polygons(List.of(a.bbox().toPolygon())));
    }
    return new DetectionSample(info.id(), image, boxes, labels, masks).clipToImage();
  }

  static RgbImage readImage(Path file) {
    BufferedImage decoded;
    try {
      if (!Files.isRegularFile(file)) {
        throw new CocoFormatException("image file " + file + " does not exist");
      }
      decoded = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    if (decoded == null) {
      throw new CocoFormatException(file + " is not an image ImageIO can decode (PNG, JPEG, BMP, GIF)");
    }
    int h = decoded.getHeight();
    int w = decoded.getWidth();
    byte[] pixels = new byte[h * w * 3];
    boolean gray = decoded.getType() == BufferedImage.TYPE_BYTE_GRAY;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // getRGB would push 8-bit grey through a linear-to-sRGB conversion; take the sample as is.
        int rgb = gray ? decoded.getRaster().getSample(x, y, 0) * 0x010101 : decoded.getRGB(x, y);
        int o = (y * w + x) * 3;
        pixels[o] = (byte) (rgb >> 16);
        pixels[o + 1] = (byte) (rgb >> 8);
        pixels[o + 2] = (byte) rgb;
      }
    }
    return new RgbImage(h, w, pixels);
  }
}

package org.normlab.ml.detection.coco;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * Small COCO-format datasets for tests: rectangles, ellipses and triangles (one category each, each
 * in its own colour) on noisy, textured grey backgrounds, with polygon masks, and now and then a
 * crowd region (a cluster of small shapes of one category annotated as one uncompressed RLE with
 * {@code iscrowd: 1}). Objects do not overlap, so every mask is exactly the pixels painted for it.
 * Writes {@code <root>/<split>/<id>.png} and {@code <root>/annotations/instances_<split>.json}; the
 * output is a function of the seed and options only.
 */
public final class SyntheticCoco {

  /** Image side range (pixels, inclusive), objects per image, chance of a crowd region per image. */
  public record Options(int images, int minSide, int maxSide, int maxObjects, double crowdChance) {
    public Options {
      if (images < 1 || minSide < 48 || maxSide < minSide || maxObjects < 1 || crowdChance < 0
          || crowdChance > 1) {
        throw new IllegalArgumentException("need images >= 1, 48 <= minSide <= maxSide, maxObjects >= 1,"
            + " crowdChance in [0, 1]; got " + this);
      }
    }

    public static Options small(int images) {
      return new Options(images, 96, 160, 4, 0.2);
    }
  }

  private static final int MAX_TRIES = 40;

  private SyntheticCoco() {}

  public static List<CocoCategory> categories() {
    List<CocoCategory> out = new ArrayList<>();
    for (SyntheticShape s : SyntheticShape.values()) {
      out.add(new CocoCategory(s.categoryId, s.label, "shape"));
    }
    return out;
  }

  /** Generates and writes the split; returns what was written to the JSON file. */
  public static CocoDataset write(Path root, String split, long seed, Options options) {
    List<CocoImage> images = new ArrayList<>();
    List<CocoAnnotation> annotations = new ArrayList<>();
    try {
      Files.createDirectories(root.resolve(split));
      for (int i = 0; i < options.images(); i++) {
        long id = i + 1;
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + id);
        int width = random.nextInt(options.minSide(), options.maxSide() + 1);
        int height = random.nextInt(options.minSide(), options.maxSide() + 1);
        Canvas canvas = new Canvas(height, width, random);
        String fileName = String.format("%06d.png", id);
        images.add(new CocoImage(id, fileName, width, height));
        annotations.addAll(canvas.populate(id, annotations.size() + 1L, options));
        ImageIO.write(canvas.image, "png", root.resolve(split).resolve(fileName).toFile());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the synthetic set under " + root, e);
    }
    CocoDataset dataset = new CocoDataset(images, categories(), annotations);
    CocoJson.writeDataset(dataset, root.resolve("annotations").resolve("instances_" + split + ".json"));
    return dataset;
  }

  /** One image being painted: background first, then objects on free space. */
  private static final class Canvas {
    final BufferedImage image;
    final int height;
    final int width;
    final SplittableRandom random;
    final List<Box> taken = new ArrayList<>();

    Canvas(int height, int width, SplittableRandom random) {
      this.height = height;
      this.width = width;
      this.random = random;
      this.image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      paintBackground();
    }

    /** A grey base, diagonal stripes of random period and per-pixel noise. */
    private void paintBackground() {
      int base = random.nextInt(80, 170);
      double period = random.nextDouble(8, 30);
      double angle = random.nextDouble(Math.PI);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double stripe = 18 * Math.sin(2 * Math.PI * (x * Math.cos(angle) + y * Math.sin(angle)) / period);
          int grey = clamp(base + stripe + random.nextInt(-15, 16));
          image.setRGB(x, y, rgb(grey, grey, grey));
        }
      }
    }

    List<CocoAnnotation> populate(long imageId, long firstId, Options options) {
      List<CocoAnnotation> out = new ArrayList<>();
      if (random.nextDouble() < options.crowdChance()) {
        crowd(imageId, firstId, out);
      }
      int objects = random.nextInt(1, options.maxObjects() + 1);
      for (int i = 0; i < objects; i++) {
        SyntheticShape shape = SyntheticShape.values()[random.nextInt(SyntheticShape.values().length)];
        int maxHalf = Math.max(7, Math.min(height, width) / 4);
        double rx = random.nextDouble(6, maxHalf);
        double ry = rx * random.nextDouble(0.7, 1.4);
        Box place = place(rx, ry);
        if (place == null) {
          continue;
        }
        double[] polygon = shape.outline(place.x() + rx, place.y() + ry, rx, ry, random);
        Rle mask = paint(List.of(polygon), shape);
        if (mask.area() >= 16) {
          out.add(new CocoAnnotation(firstId + out.size(), imageId, shape.categoryId, mask.toBox(),
              mask.area(), false, new Segmentation.Polygons(List.of(polygon))));
        }
      }
      return out;
    }

    /** Four to six small shapes of one category close together, annotated as one crowd RLE. */
    private void crowd(long imageId, long id, List<CocoAnnotation> out) {
      double half = Math.min(height, width) / 5.0;
      Box region = place(half, half);
      if (region == null) {
        return;
      }
      SyntheticShape shape = SyntheticShape.values()[random.nextInt(SyntheticShape.values().length)];
      List<double[]> parts = new ArrayList<>();
      int count = random.nextInt(4, 7);
      for (int i = 0; i < count; i++) {
        double r = random.nextDouble(3, half / 3);
        double cx = region.x() + random.nextDouble(r, region.width() - r);
        double cy = region.y() + random.nextDouble(r, region.height() - r);
        parts.add(shape.outline(cx, cy, r, r, random));
      }
      Rle mask = paint(parts, shape);
      out.add(new CocoAnnotation(id, imageId, shape.categoryId, mask.toBox(), mask.area(), true,
          new Segmentation.RleMask(mask, false)));
    }

    /** A free spot for a box of half-extents rx, ry inside the image, or null. */
    private Box place(double rx, double ry) {
      for (int t = 0; t < MAX_TRIES; t++) {
        if (2 * rx + 2 >= width || 2 * ry + 2 >= height) {
          return null;
        }
        double x = random.nextDouble(1, width - 2 * rx - 1);
        double y = random.nextDouble(1, height - 2 * ry - 1);
        Box candidate = new Box(x, y, 2 * rx, 2 * ry);
        if (taken.stream().noneMatch(b -> Iou.boxes(candidate, grown(b), false) > 0)) {
          taken.add(candidate);
          return candidate;
        }
      }
      return null;
    }

    private static Box grown(Box b) {
      return new Box(b.x() - 3, b.y() - 3, b.width() + 6, b.height() + 6);
    }

    /** Paints the union of the polygons' masks in the shape's colour (with a little noise). */
    private Rle paint(List<double[]> polygons, SyntheticShape shape) {
      Rle mask = Rle.fromPolygons(polygons, height, width);
      boolean[] pixels = mask.decode();
      int shift = random.nextInt(-20, 21);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          if (pixels[y * width + x]) {
            int noise = random.nextInt(-10, 11);
            image.setRGB(x, y, rgb(clamp(shape.rgb[0] + shift + noise), clamp(shape.rgb[1] + shift + noise),
                clamp(shape.rgb[2] + shift + noise)));
          }
        }
      }
      return mask;
    }

    private static int clamp(double v) {
      return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    private static int rgb(int r, int g, int b) {
      return (r << 16) | (g << 8) | b;
    }
  }
}

package org.normlab.ml.detection.coco;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes COCO instance files ({@code instances_<split>.json}) and COCO results files.
 * Malformed input fails with a {@link CocoFormatException} naming the file and the field path
 * (for example {@code annotations[3].bbox}).
 */
public final class CocoJson {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CocoJson() {}

  public static CocoDataset readDataset(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return readDataset(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static CocoDataset readDataset(InputStream in, String source) {
    JsonFields f = new JsonFields(source);
    JsonNode root = f.object(parse(in, source), "the top level");
    List<CocoImage> images = new ArrayList<>();
    List<JsonNode> imageNodes = f.array(root, "images", "images");
    for (int i = 0; i < imageNodes.size(); i++) {
      String path = "images[" + i + "]";
      JsonNode n = f.object(imageNodes.get(i), path);
      images.add(new CocoImage(f.integer(n, "id", path), f.string(n, "file_name", path),
          f.positiveInt(n, "width", path), f.positiveInt(n, "height", path)));
    }
    List<CocoCategory> categories = new ArrayList<>();
    List<JsonNode> categoryNodes = f.array(root, "categories", "categories");
    for (int i = 0; i < categoryNodes.size(); i++) {
      String path = "categories[" + i + "]";
      JsonNode n = f.object(categoryNodes.get(i), path);
      String supercategory = n.has("supercategory") ? f.string(n, "supercategory", path) : "";
      categories.add(new CocoCategory(f.integer(n, "id", path), f.string(n, "name", path), supercategory));
    }
    List<CocoAnnotation> annotations = new ArrayList<>();
    List<JsonNode> annotationNodes = f.array(root, "annotations", "annotations");
    for (int i = 0; i < annotationNodes.size(); i++) {
      String path = "annotations[" + i + "]";
      JsonNode n = f.object(annotationNodes.get(i), path);
      Segmentation segmentation = n.has("segmentation")
          ? segmentation(f, n.get("segmentation"), path + ".segmentation") : null;
      annotations.add(new CocoAnnotation(f.integer(n, "id", path), f.integer(n, "image_id", path),
          f.integer(n, "category_id", path), f.box(n, "bbox", path), f.number(n, "area", path),
          f.flag(n, "iscrowd", path), segmentation));
    }
    return new CocoDataset(images, categories, annotations);
  }

  public static List<Detection> readResults(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return readResults(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  public static List<Detection> readResults(InputStream in, String source) {
    JsonFields f = new JsonFields(source);
    JsonNode root = parse(in, source);
    if (!root.isArray()) {
      throw f.error("the top level", "an array of results", root);
    }
    List<Detection> detections = new ArrayList<>();
    List<JsonNode> nodes = JsonFields.elements(root);
    for (int i = 0; i < nodes.size(); i++) {
      String path = "[" + i + "]";
      JsonNode n = f.object(nodes.get(i), path);
      Box box = n.has("bbox") ? f.box(n, "bbox", path) : null;
      Segmentation segmentation = n.has("segmentation")
          ? segmentation(f, n.get("segmentation"), path + ".segmentation") : null;
      if (box == null && segmentation == null) {
        throw f.error(path, "a result with a bbox or a segmentation", n);
      }
      detections.add(new Detection(f.integer(n, "image_id", path), f.integer(n, "category_id", path),
          box, f.number(n, "score", path), segmentation));
    }
    return detections;
  }

  public static void writeDataset(CocoDataset dataset, Path file) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode images = root.putArray("images");
    for (CocoImage image : dataset.images()) {
      images.addObject().put("id", image.id()).put("file_name", image.fileName())
          .put("width", image.width()).put("height", image.height());
    }
    ArrayNode categories = root.putArray("categories");
    for (CocoCategory category : dataset.categories()) {
      categories.addObject().put("id", category.id()).put("name", category.name())
          .put("supercategory", category.supercategory());
    }
    ArrayNode annotations = root.putArray("annotations");
    for (CocoAnnotation a : dataset.annotations()) {
      ObjectNode n = annotations.addObject().put("id", a.id()).put("image_id", a.imageId())
          .put("category_id", a.categoryId());
      putBox(n, a.bbox());
      n.put("area", a.area()).put("iscrowd", a.crowd() ? 1 : 0);
      if (a.segmentation() != null) {
        n.set("segmentation", toJson(a.segmentation()));
      }
    }
    write(root, file);
  }

  public static void writeResults(List<Detection> detections, Path file) {
    ArrayNode root = JSON.createArrayNode();
    for (Detection d : detections) {
      ObjectNode n = root.addObject().put("image_id", d.imageId()).put("category_id", d.categoryId());
      if (d.bbox() != null) {
        putBox(n, d.bbox());
      }
      n.put("score", d.score());
      if (d.segmentation() != null) {
        n.set("segmentation", toJson(d.segmentation()));
      }
    }
    write(root, file);
  }

  private static Segmentation segmentation(JsonFields f, JsonNode node, String path) {
    if (node.isArray()) {
      List<double[]> polygons = new ArrayList<>();
      for (int p = 0; p < node.size(); p++) {
        double[] polygon = f.numbers(node.get(p), path + "[" + p + "]");
        if (polygon.length < 6 || polygon.length % 2 != 0) {
          throw f.error(path + "[" + p + "]",
              "a polygon [x0,y0,x1,y1,...] of at least 3 points (an even count >= 6)", node.get(p));
        }
        polygons.add(polygon);
      }
      return new Segmentation.Polygons(polygons);
    }
    if (!node.isObject()) {
      throw f.error(path, "a list of polygons or an RLE object {counts, size}", node);
    }
    double[] size = f.numbers(node.get("size"), path + ".size");
    if (size.length != 2 || size[0] < 0 || size[1] < 0 || size[0] != Math.rint(size[0])
        || size[1] != Math.rint(size[1])) {
      throw f.error(path + ".size", "[height, width] (two non-negative integers)", node.get("size"));
    }
    int height = (int) size[0];
    int width = (int) size[1];
    JsonNode counts = node.get("counts");
    try {
      if (counts != null && counts.isString()) {
        return new Segmentation.RleMask(Rle.fromCompressedString(counts.stringValue(), height, width), true);
      }
      double[] runs = f.numbers(counts, path + ".counts");
      int[] ints = new int[runs.length];
      for (int i = 0; i < runs.length; i++) {
        if (runs[i] < 0 || runs[i] != Math.rint(runs[i])) {
          throw f.error(path + ".counts[" + i + "]", "a non-negative integer", counts.get(i));
        }
        ints[i] = (int) runs[i];
      }
      return new Segmentation.RleMask(Rle.of(height, width, ints), false);
    } catch (CocoFormatException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new CocoFormatException(f.error(path + ".counts", "runs covering size " + height + "x"
          + width, counts).getMessage() + " (" + e.getMessage() + ")", e);
    }
  }

  static JsonNode toJson(Segmentation segmentation) {
    if (segmentation instanceof Segmentation.Polygons polygons) {
      ArrayNode list = JSON.createArrayNode();
      for (double[] polygon : polygons.polygons()) {
        ArrayNode coordinates = list.addArray();
        for (double v : polygon) {
          coordinates.add(v);
        }
      }
      return list;
    }
    Segmentation.RleMask mask = (Segmentation.RleMask) segmentation;
    ObjectNode node = JSON.createObjectNode();
    node.putArray("size").add(mask.rle().height()).add(mask.rle().width());
    if (mask.compressed()) {
      node.put("counts", mask.rle().toCompressedString());
    } else {
      ArrayNode counts = node.putArray("counts");
      for (int c : mask.rle().countsView()) {
        counts.add(c);
      }
    }
    return node;
  }

  private static void putBox(ObjectNode node, Box box) {
    node.putArray("bbox").add(box.x()).add(box.y()).add(box.width()).add(box.height());
  }

  private static JsonNode parse(InputStream in, String source) {
    try {
      return JSON.readTree(in);
    } catch (JacksonException e) {
      throw new CocoFormatException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  private static void write(JsonNode root, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      JSON.writeValue(file.toFile(), root);
    } catch (IOException | JacksonException e) {
      throw new UncheckedIOException("cannot write " + file,
          e instanceof IOException io ? io : new IOException(e));
    }
  }
}

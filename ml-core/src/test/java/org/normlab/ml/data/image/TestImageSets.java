package org.normlab.ml.data.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;

/**
 * Small datasets of real JPEGs written with ImageIO: {@link #CLASSES} classes told apart by their
 * colour (noise and a stripe pattern on top, sizes 40-72 px, not square), so a tiny network learns
 * them in a few dozen steps. The train split also holds one truncated JPEG (class 0) and one file
 * of random bytes named like a JPEG (class 1).
 */
public final class TestImageSets {

  public static final int CLASSES = 4;
  /** Corrupt samples in every train split written here. */
  public static final int CORRUPT_IN_TRAIN = 2;

  private static final int[][] COLOURS = {{210, 40, 40}, {40, 200, 50}, {40, 60, 210}, {220, 210, 40}};

  private TestImageSets() {}

  /** One encoded image with its class, in the order a split lists them. */
  public record Sample(String name, int label, byte[] bytes, boolean corrupt) {}

  /** The samples of a split: {@code perClass} good JPEGs per class, plus the corrupt pair for train. */
  public static List<Sample> samples(long seed, int perClass, boolean withCorrupt) {
    Random random = new Random(seed);
    List<Sample> samples = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      for (int i = 0; i < perClass; i++) {
        samples.add(new Sample(String.format("img_%03d.JPEG", i), c, jpeg(c, random), false));
      }
      if (withCorrupt && c == 0) {
        byte[] good = jpeg(c, random);
        samples.add(new Sample("img_truncated.JPEG", c, Arrays.copyOf(good, good.length / 2), true));
      }
      if (withCorrupt && c == 1) {
        byte[] garbage = new byte[700];
        random.nextBytes(garbage);
        samples.add(new Sample("img_garbage.JPEG", c, garbage, true));
      }
    }
    return samples;
  }

  /** ImageNet layout under {@code root}: train/ and val/ with one directory per class. */
  public static DatasetDefinition imageFolder(Path root, String name, int perClassTrain, int perClassVal, int size) {
    write(root.resolve("train"), samples(1, perClassTrain, true));
    write(root.resolve("val"), samples(2, perClassVal, false));
    return new DatasetDefinition(name, DatasetFormat.IMAGENET_FOLDER, root, CLASSES, 3, size, size);
  }

  /** The same kind of splits packed as train.rec/.idx and val.rec/.idx. */
  public static DatasetDefinition recordIo(Path root, String name, int perClassTrain, int perClassVal, int size) {
    try {
      Files.createDirectories(root);
      pack(root, "train", samples(1, perClassTrain, true));
      pack(root, "val", samples(2, perClassVal, false));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DatasetDefinition(name, DatasetFormat.MXNET_RECORDIO, root, CLASSES, 3, size, size);
  }

  /** Class directories are named like WordNet ids, sorted in class order. */
  public static String classDirectory(int label) {
    return String.format("n%08d", 1000 + label);
  }

  static void write(Path split, List<Sample> samples) {
    try {
      for (Sample sample : samples) {
        Path dir = split.resolve(classDirectory(sample.label()));
        Files.createDirectories(dir);
        Files.write(dir.resolve(sample.name()), sample.bytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every other good record carries a label vector (IRHeader flag 2) instead of a scalar label. */
  static void pack(Path root, String split, List<Sample> samples) throws IOException {
    try (RecordIoWriter writer = new RecordIoWriter(root.resolve(split + ".rec"), root.resolve(split + ".idx"))) {
      for (int i = 0; i < samples.size(); i++) {
        Sample s = samples.get(i);
        if (i % 2 == 1) {
          writer.writeMultiLabel(new float[] {s.label(), 7f}, s.bytes());
        } else {
          writer.write(s.label(), s.bytes());
        }
      }
    }
  }

  /** A JPEG (quality 0.9) of class {@code label}: its colour, noise and a diagonal stripe pattern. */
  public static byte[] jpeg(int label, Random random) {
    int width = 40 + random.nextInt(33);
    int height = 40 + random.nextInt(33);
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    int[] colour = COLOURS[label];
    int period = 4 + random.nextInt(6);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int stripe = ((x + y) / period) % 2 == 0 ? 25 : -25;
        int r = clip(colour[0] + stripe + random.nextInt(41) - 20);
        int g = clip(colour[1] + stripe + random.nextInt(41) - 20);
        int b = clip(colour[2] + stripe + random.nextInt(41) - 20);
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return encode(image, 0.9f);
  }

  public static byte[] encode(BufferedImage image, float quality) {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ImageWriteParam param = writer.getDefaultWriteParam();
    param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
    param.setCompressionQuality(quality);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  private static int clip(int v) {
    return Math.max(0, Math.min(255, v));
  }
}

package org.normlab.trainer.job;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Writes a two-class ImageNet-layout folder of real JPEGs (red-ish and blue-ish, 40-60 px, 10 per
 * class in train, 4 in val), plus a truncated JPEG and a file of random bytes in train.
 */
final class ColourJpegs {

  private ColourJpegs() {}

  static Path imageFolder(Path root) {
    Random random = new Random(11);
    try {
      for (String split : new String[] {"train", "val"}) {
        for (int c = 0; c < 2; c++) {
          Path dir = Files.createDirectories(root.resolve(split).resolve("n0000000" + c));
          for (int i = 0; i < (split.equals("train") ? 10 : 4); i++) {
            Files.write(dir.resolve("img_" + i + ".JPEG"), jpeg(c, random));
          }
        }
      }
      byte[] good = jpeg(0, random);
      Files.write(root.resolve("train/n00000000/img_truncated.JPEG"), Arrays.copyOf(good, good.length / 2));
      byte[] garbage = new byte[600];
      random.nextBytes(garbage);
      Files.write(root.resolve("train/n00000001/img_garbage.JPEG"), garbage);
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] jpeg(int label, Random random) throws IOException {
    BufferedImage image = new BufferedImage(40 + random.nextInt(21), 40 + random.nextInt(21),
        BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int noise = random.nextInt(40);
        image.setRGB(x, y, label == 0 ? (200 + noise / 2) << 16 | noise << 8 | noise
            : noise << 16 | noise << 8 | (200 + noise / 2));
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }
}

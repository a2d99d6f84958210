package org.normlab.ml.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Small Fashion-MNIST datasets for tests: the first N train and M test images of the Debian
 * package, written as IDX files to a directory and registered under their own name. Uses the real
 * files, so tests exercise the real reader and the real data.
 */
public final class TestDatasets {

  private TestDatasets() {}

  /** A catalog holding {@code name} = first {@code trainSize} / {@code testSize} images. */
  public static DatasetCatalog fashionMnistSubset(
      Path directory, String name, int trainSize, int testSize) {
    DatasetDefinition full = DatasetCatalog.defaults().get("fashion-mnist");
    writeSubset(DatasetLoader.load(full, Split.TRAIN), trainSize, directory, "train");
    writeSubset(DatasetLoader.load(full, Split.TEST), testSize, directory, "t10k");
    return DatasetCatalog.of(
        List.of(
            new DatasetDefinition(
                name, DatasetFormat.FASHION_MNIST_IDX, directory, 10, 1, 28, 28)));
  }

  static void writeSubset(ImageDataset source, int size, Path directory, String prefix) {
    try {
      Files.createDirectories(directory);
      byte[] pixels = source.pixelBytes();
      try (DataOutputStream out = gzip(directory.resolve(prefix + "-images-idx3-ubyte.gz"))) {
        out.writeInt(0x00000803);
        out.writeInt(size);
        out.writeInt(source.height());
        out.writeInt(source.width());
        out.write(pixels, 0, size * source.imageSize());
      }
      try (DataOutputStream out = gzip(directory.resolve(prefix + "-labels-idx1-ubyte.gz"))) {
        out.writeInt(0x00000801);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
          out.writeByte(source.label(i));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static DataOutputStream gzip(Path file) throws IOException {
    OutputStream raw = Files.newOutputStream(file);
    return new DataOutputStream(new GZIPOutputStream(raw));
  }
}

package org.normlab.ml.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .npz container: stored (np.savez) and deflated (np.savez_compressed) entries. */
class NpzFileTest {

  @TempDir Path dir;

  @Test
  void roundTripsKeysInOrderAndWritesReproducibleBytes() throws IOException {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put("layer1.0.conv1.weight", tensor(ElementType.FLOAT32, 2, 2, 1, 1));
    tensors.put("layer1.0.bn1.num_batches_tracked", HostTensor.int64Scalar(5));
    tensors.put("a/b", tensor(ElementType.FLOAT64, 3));
    Path first = dir.resolve("a.npz");
    Path second = dir.resolve("b.npz");
    write(tensors, first);
    write(tensors, second);

    assertThat(NpzFile.read(first)).containsExactlyEntriesOf(tensors);
    assertThat(Files.readAllBytes(second)).isEqualTo(Files.readAllBytes(first));
  }

  @Test
  void readsDeflatedEntriesAsSavezCompressedWritesThem() throws IOException {
    HostTensor tensor = tensor(ElementType.FLOAT32, 4, 4);
    Path file = dir.resolve("compressed.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("fc.weight.npy"));
      Npy.write(tensor, zip);
      zip.closeEntry();
    }

    assertThat(NpzFile.read(file)).containsExactly(Map.entry("fc.weight", tensor));
  }

  @Test
  void refusesEntriesThatAreNotArrays() throws IOException {
    Path file = dir.resolve("odd.npz");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("data.pkl"));
      zip.write(new byte[] {1, 2, 3});
      zip.closeEntry();
    }

    assertThatThrownBy(() -> NpzFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 'data.pkl' is not a .npy array");
  }

  @Test
  void refusesFilesThatAreNotZips() throws IOException {
    Path file = dir.resolve("text.npz");
    Files.writeString(file, "not a zip");

    assertThatThrownBy(() -> NpzFile.read(file)).hasMessageContaining("not a valid .npz");
  }

  private static void write(Map<String, HostTensor> tensors, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      NpzFile.write(tensors, out);
    }
  }

  private static HostTensor tensor(ElementType type, long... shape) {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    for (long i = 0; i < HostTensor.elementCount(shape) * type.bytes(); i++) {
      data.write((int) (i * 13 + 5));
    }
    return new HostTensor(type, shape, data.toByteArray());
  }
}

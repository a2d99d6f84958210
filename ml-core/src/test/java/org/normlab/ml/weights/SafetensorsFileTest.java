package org.normlab.ml.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors codec: round trip, and the strict checks of the reference implementation. */
class SafetensorsFileTest {

  @TempDir Path dir;

  private int files;

  @Test
  void roundTripsKeysOrderTypesAndScalars() throws IOException {
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    tensors.put(
        "conv1.weight", new HostTensor(ElementType.FLOAT32, new long[] {2, 1, 1, 1}, bytes(8)));
    tensors.put("bn1.num_batches_tracked", HostTensor.int64Scalar(42));
    tensors.put("fc.bias", new HostTensor(ElementType.FLOAT64, new long[] {3}, bytes(24)));
    Path file = dir.resolve("w.safetensors");
    try (var out = Files.newOutputStream(file)) {
      SafetensorsFile.write(tensors, Map.of("format", "pt"), out);
    }

    Map<String, HostTensor> back = SafetensorsFile.read(file);

    assertThat(back.keySet()).containsExactlyElementsOf(tensors.keySet());
    tensors.forEach(
        (key, tensor) -> {
          assertThat(back.get(key).type()).isEqualTo(tensor.type());
          assertThat(back.get(key).shape()).isEqualTo(tensor.shape());
          assertThat(back.get(key).data()).isEqualTo(tensor.data());
        });
    // The data section starts 8-byte aligned.
    long headerLength =
        ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
  }

  @Test
  void refusesBfloat16ByNameBeforeAllocatingAnything() throws IOException {
    Path file = handMade("{\"w\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);

    assertThatThrownBy(() -> SafetensorsFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "tensor 'w': unsupported safetensors dtype 'BF16'; supported: F32," + " F64, I64");
  }

  @Test
  void refusesOffsetsThatDoNotTileTheData() throws IOException {
    Path gap =
        handMade(
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
            12);
    Path wrongSize =
        handMade("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);

    assertThatThrownBy(() -> SafetensorsFile.read(gap)).hasMessageContaining("gap or overlap");
    assertThatThrownBy(() -> SafetensorsFile.read(wrongSize))
        .hasMessageContaining("needs 8 bytes but its offsets [0, 4] span 4");
  }

  @Test
  void refusesTruncatedFiles() throws IOException {
    Path file = handMade("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 10);

    assertThatThrownBy(() -> SafetensorsFile.read(file)).hasMessageContaining("truncated");
  }

  @Test
  void refusesFilesThatAreNotSafetensors() throws IOException {
    Path zip = dir.resolve("w.safetensors");
    Files.write(zip, "PK\u0003\u0004 a zip, e.g. a .pth".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> SafetensorsFile.read(zip))
        .hasMessageContaining("is not a safetensors file");
  }

  private Path handMade(String header, int dataBytes) throws IOException {
    return handMade(header, dataBytes, "hand" + (++files) + ".safetensors");
  }

  private Path handMade(String header, int dataBytes, String name) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
    out.writeBytes(json);
    out.writeBytes(new byte[dataBytes]);
    Path file = dir.resolve(name);
    Files.write(file, out.toByteArray());
    return file;
  }

  private static byte[] bytes(int count) {
    byte[] data = new byte[count];
    for (int i = 0; i < count; i++) {
      data[i] = (byte) (i * 7 + 1);
    }
    return data;
  }
}

package org.normlab.ml.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The .npy codec: what numpy writes is read, and what is not a plain C-order array is refused. */
class NpyTest {

  @Test
  void roundTripsScalarsVectorsAndTensorsWithAlignedHeaders() throws IOException {
    for (long[] shape : new long[][] {{}, {5}, {2, 3, 1, 4}, {0, 3}}) {
      byte[] data = new byte[(int) HostTensor.elementCount(shape) * 8];
      for (int i = 0; i < data.length; i++) {
        data[i] = (byte) i;
      }
      HostTensor tensor = new HostTensor(ElementType.INT64, shape, data);
      byte[] bytes = encode(tensor);

      HostTensor back = Npy.read(new ByteArrayInputStream(bytes), "t");

      assertThat(back.shape()).isEqualTo(shape);
      assertThat(back.type()).isEqualTo(ElementType.INT64);
      assertThat(back.data()).isEqualTo(data);
      assertThat(Npy.header(tensor).length % 64).isZero();
    }
  }

  @Test
  void writesTheHeaderNumpyWrites() {
    HostTensor vector = new HostTensor(ElementType.FLOAT32, new long[] {5}, new byte[20]);
    HostTensor scalar = new HostTensor(ElementType.FLOAT64, new long[0], new byte[8]);

    assertThat(headerText(vector))
        .isEqualTo("{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }");
    assertThat(headerText(scalar))
        .isEqualTo("{'descr': '<f8', 'fortran_order': False, 'shape': (), }");
  }

  @Test
  void readsVersionTwoHeadersAndKeyOrderVariants() throws IOException {
    byte[] npy = npy(2, "{'shape': (2,), 'fortran_order': False, 'descr': '<f8'}", 16);

    HostTensor tensor = Npy.read(new ByteArrayInputStream(npy), "v2");

    assertThat(tensor.shape()).containsExactly(2);
    assertThat(tensor.type()).isEqualTo(ElementType.FLOAT64);
  }

  @Test
  void refusesFortranOrder() {
    byte[] npy = npy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 16);

    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(npy), "w.npz:conv1.weight.npy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conv1.weight")
        .hasMessageContaining("Fortran order");
  }

  @Test
  void refusesBigEndianAndOtherDtypesByName() {
    byte[] bigEndian = npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", 8);
    byte[] half = npy(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (2,), }", 4);
    byte[] structured =
        npy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", 8);

    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(bigEndian), "x"))
        .hasMessageContaining("unsupported numpy dtype '>f4' (big-endian")
        .hasMessageContaining("supported: <f4, <f8, <i8");
    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(half), "x"))
        .hasMessageContaining("unsupported numpy dtype '<f2'");
    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(structured), "x"))
        .hasMessageContaining("unsupported numpy dtype");
  }

  @Test
  void refusesTruncatedData() {
    byte[] npy = npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", 12);

    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(npy), "x"))
        .hasMessageContaining("truncated");
  }

  @Test
  void refusesSomethingElse() {
    byte[] text = "PK\u0003\u0004 not an array".getBytes(StandardCharsets.ISO_8859_1);

    assertThatThrownBy(() -> Npy.read(new ByteArrayInputStream(text), "x"))
        .hasMessageContaining("not a .npy array");
  }

  private static byte[] encode(HostTensor tensor) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Npy.write(tensor, out);
    return out.toByteArray();
  }

  private static String headerText(HostTensor tensor) {
    byte[] header = Npy.header(tensor);
    return new String(header, 10, header.length - 10, StandardCharsets.ISO_8859_1).strip();
  }

  /** A hand-made .npy: magic, version, header length (2 or 4 bytes LE), header, dataBytes. */
  private static byte[] npy(int version, String header, int dataBytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    byte[] text = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
    out.write(text.length & 0xff);
    out.write(text.length >>> 8);
    if (version > 1) {
      out.write(0);
      out.write(0);
    }
    out.writeBytes(text);
    out.writeBytes(new byte[dataBytes]);
    return out.toByteArray();
  }
}

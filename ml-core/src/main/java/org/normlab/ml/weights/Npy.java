package org.normlab.ml.weights;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * numpy's {@code .npy} format (format versions 1.0 to 3.0), strictly: little-endian float32,
 * float64 or int64, C order, any shape including scalars. Anything else is rejected with a message
 * that names the entry, rather than loaded wrongly.
 *
 * <p>The header is a Python dict literal, e.g. {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (64, 3, 7, 7), }}, padded with spaces and a newline so the data starts 64-byte aligned.
 */
final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final int ALIGNMENT = 64;
  private static final Pattern DICT = Pattern.compile("\\{(.*)\\}", Pattern.DOTALL);
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
  private static final Pattern KEY = Pattern.compile("'([^']*)'\\s*:");

  private Npy() {}

  /**
   * Reads one array; {@code entry} names it in error messages. Reads exactly the array's bytes.
   *
   * @throws IllegalArgumentException for anything but a supported, well-formed array
   */
  static HostTensor read(InputStream stream, String entry) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] magic = new byte[MAGIC.length];
    readFully(in, magic, entry, "magic");
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException(entry + ": not a .npy array (bad magic)");
    }
    int major = in.readUnsignedByte();
    in.readUnsignedByte(); // minor version: always 0
    long headerLength =
        switch (major) {
          case 1 -> Short.toUnsignedInt(Short.reverseBytes(in.readShort()));
          case 2, 3 -> Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
          default ->
              throw new IllegalArgumentException(
                  entry + ": unsupported .npy format version " + major);
        };
    if (headerLength > 1 << 20) {
      throw new IllegalArgumentException(
          entry + ": implausible .npy header of " + headerLength + " bytes");
    }
    byte[] header = new byte[(int) headerLength];
    readFully(in, header, entry, "header");
    // Version 3 allows UTF-8 in field names; 1 and 2 are latin-1. The keys we read are ASCII.
    Header parsed =
        parseHeader(
            new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1),
            entry);
    long bytes = Math.multiplyExact(HostTensor.elementCount(parsed.shape()), parsed.type().bytes());
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(entry + ": array of " + bytes + " bytes is too large");
    }
    byte[] data = new byte[(int) bytes];
    readFully(in, data, entry, "data");
    return new HostTensor(parsed.type(), parsed.shape(), data);
  }

  /** Writes {@code tensor} as a version 1.0 {@code .npy}. */
  static void write(HostTensor tensor, OutputStream out) throws IOException {
    out.write(header(tensor));
    out.write(tensor.data());
  }

  /** The magic, version and padded header that precede the data. */
  static byte[] header(HostTensor tensor) {
    StringBuilder dict =
        new StringBuilder("{'descr': '")
            .append(tensor.type().npyDescr())
            .append("', 'fortran_order': False, 'shape': (");
    long[] shape = tensor.shape();
    for (int i = 0; i < shape.length; i++) {
      dict.append(i == 0 ? "" : ", ").append(shape[i]);
    }
    // A 1-tuple needs its trailing comma in Python: (5,).
    dict.append(shape.length == 1 ? ",), }" : "), }");
    int prefix = MAGIC.length + 2 + 2;
    int padded = (prefix + dict.length() + 1 + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    dict.append(" ".repeat(padded - prefix - dict.length() - 1)).append('\n');
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(padded);
    bytes.writeBytes(MAGIC);
    bytes.write(1);
    bytes.write(0);
    int length = dict.length();
    bytes.write(length & 0xff);
    bytes.write(length >>> 8);
    bytes.writeBytes(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
    return bytes.toByteArray();
  }

  private record Header(ElementType type, long[] shape) {}

  private static Header parseHeader(String text, String entry) {
    Matcher dict = DICT.matcher(text.strip());
    if (!dict.matches()) {
      throw new IllegalArgumentException(entry + ": malformed .npy header " + text.strip());
    }
    String body = dict.group(1);
    Matcher keys = KEY.matcher(body);
    while (keys.find()) {
      String key = keys.group(1);
      if (!key.equals("descr") && !key.equals("fortran_order") && !key.equals("shape")) {
        throw new IllegalArgumentException(entry + ": unexpected .npy header key '" + key + "'");
      }
    }
    Matcher descr = DESCR.matcher(body);
    if (!descr.find()) {
      throw new IllegalArgumentException(
          entry
              + ": unsupported numpy dtype in header "
              + text.strip()
              + " (structured and object arrays are not weights)");
    }
    ElementType type = ElementType.fromNpyDescr(descr.group(1), entry);
    Matcher fortran = FORTRAN.matcher(body);
    if (!fortran.find()) {
      throw new IllegalArgumentException(entry + ": .npy header lacks fortran_order");
    }
    if (fortran.group(1).equals("True")) {
      throw new IllegalArgumentException(
          entry + ": array is stored in Fortran order; save it with np.ascontiguousarray(a)");
    }
    Matcher shape = SHAPE.matcher(body);
    if (!shape.find()) {
      throw new IllegalArgumentException(entry + ": .npy header lacks a shape");
    }
    return new Header(type, parseShape(shape.group(1), entry));
  }

  private static long[] parseShape(String tuple, String entry) {
    List<Long> dims = new ArrayList<>();
    for (String part : tuple.split(",", -1)) {
      String dim = part.strip();
      if (dim.isEmpty()) {
        continue; // "()" and the trailing comma of "(5,)"
      }
      // Python 2 era files may write 5L.
      String digits = dim.endsWith("L") ? dim.substring(0, dim.length() - 1) : dim;
      try {
        dims.add(Long.parseLong(digits));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            entry + ": bad dimension '" + dim + "' in shape (" + tuple + ")", e);
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static void readFully(DataInputStream in, byte[] into, String entry, String what)
      throws IOException {
    try {
      in.readFully(into);
    } catch (EOFException e) {
      throw new IllegalArgumentException(entry + ": truncated .npy (" + what + ")", e);
    }
  }
}

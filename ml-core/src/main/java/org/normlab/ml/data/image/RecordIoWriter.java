package org.normlab.ml.data.image;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an indexed RecordIO pair as MXNet's {@code MXIndexedRecordIO} + {@code recordio.pack}
 * do: a {@code .rec} of framed image records and a {@code .idx} of {@code key<TAB>offset} lines.
 * Used by tests and benchmarks to build datasets; not thread-safe.
 */
public final class RecordIoWriter implements AutoCloseable {

  private final OutputStream rec;
  private final BufferedWriter idx;
  private long position;
  private long nextKey;

  public RecordIoWriter(Path recFile, Path idxFile) throws IOException {
    this.rec = new BufferedOutputStream(Files.newOutputStream(recFile), 1 << 16);
    this.idx = Files.newBufferedWriter(idxFile, StandardCharsets.US_ASCII);
  }

  /** Appends an image with a scalar label (IRHeader flag 0). */
  public void write(float label, byte[] image) throws IOException {
    writePayload(payload(0, label, new float[0], image));
  }

  /** Appends an image with a label vector (IRHeader flag = labels.length); class = labels[0]. */
  public void writeMultiLabel(float[] labels, byte[] image) throws IOException {
    writePayload(payload(labels.length, 0f, labels, image));
  }

  /** Appends a raw payload as one record, for tests of malformed headers. */
  public void writePayload(byte[] payload) throws IOException {
    idx.write(nextKey++ + "\t" + position + "\n");
    // Split where the payload holds the magic word at an aligned offset, dropping that word.
    ByteBuffer words = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    int start = 0;
    int aligned = payload.length & ~3;
    for (int i = 0; i < aligned; i += 4) {
      if (words.getInt(i) == RecordIo.MAGIC) {
        writePart(start == 0 ? 1 : 2, payload, start, i - start);
        start = i + 4;
      }
    }
    writePart(start == 0 ? 0 : 3, payload, start, payload.length - start);
  }

  private void writePart(int cflag, byte[] data, int from, int length) throws IOException {
    rec.write(RecordIo.littleEndian(RecordIo.MAGIC));
    rec.write(RecordIo.littleEndian(cflag << 29 | length));
    rec.write(data, from, length);
    int pad = RecordIo.padded(length) - length;
    rec.write(new byte[pad]);
    position += 8 + length + pad;
  }

  private static byte[] payload(int flag, float label, float[] labels, byte[] image) {
    ByteBuffer out =
        ByteBuffer.allocate(RecordIo.HEADER_BYTES + labels.length * 4 + image.length)
            .order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(flag).putFloat(label).putLong(0).putLong(0);
    for (float l : labels) {
      out.putFloat(l);
    }
    return out.put(image).array();
  }

  @Override
  public void close() throws IOException {
    try (rec;
        idx) {
      rec.flush();
      idx.flush();
    }
  }
}

package org.normlab.ml.data.image;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * MXNet's RecordIO framing (dmlc-core {@code recordio.h}) and image record header ({@code
 * mxnet.recordio.IRHeader}), little-endian as x86 writes them.
 *
 * <p>A record is one or more parts, each {@code [magic 0xced7230a][lrec][data][zero pad to 4]}
 * where {@code lrec = cflag << 29 | length}; cflag 0 is a whole record, 1/2/3 its first, middle and
 * last part. The writer splits a payload where it holds the magic word at a 4-byte-aligned offset
 * and drops that word, so the reader puts it back between parts.
 *
 * <p>An image record's payload is {@code [uint32 flag][float32 label][uint64 id][uint64 id2]}, then
 * {@code flag} float32 labels when flag > 0 (the scalar label is then unused), then the image
 * bytes.
 */
public final class RecordIo {

  public static final int MAGIC = 0xced7230a;
  static final int HEADER_BYTES = 24;
  static final int LENGTH_MASK = (1 << 29) - 1;
  /** Beyond any image ImageNet holds; a larger length is taken as a corrupt header. */
  static final int MAX_RECORD_BYTES = 256 << 20;

  private RecordIo() {}

  /**
   * Reads the record that starts at {@code offset}, reassembling multi-part records.
   *
   * @throws CorruptImageException when the bytes there are not a well-formed record
   */
  static byte[] readRecord(FileChannel channel, long offset) throws IOException {
    ByteArrayOutputStream payload = null;
    long position = offset;
    while (true) {
      ByteBuffer head = readFully(channel, position, 8, offset);
      int magic = head.getInt();
      int lrec = head.getInt();
      if (magic != MAGIC) {
        throw new CorruptImageException(
            String.format("no RecordIO magic at offset %d (found 0x%08x)", position, magic));
      }
      int cflag = lrec >>> 29;
      int length = lrec & LENGTH_MASK;
      if (length > MAX_RECORD_BYTES) {
        throw new CorruptImageException("record at offset " + position + " claims " + length + " bytes");
      }
      byte[] part = new byte[length];
      readFully(channel, position + 8, length, offset).get(part);
      position += 8 + padded(length);
      if (payload == null) {
        if (cflag == 0) {
          return part;
        }
        if (cflag != 1) {
          throw new CorruptImageException("record at offset " + offset + " starts with part flag " + cflag);
        }
        payload = new ByteArrayOutputStream(length * 2);
      } else {
        if (cflag != 2 && cflag != 3) {
          throw new CorruptImageException("record at offset " + offset + " continues with part flag " + cflag);
        }
        payload.write(littleEndian(MAGIC));
      }
      payload.write(part);
      if (cflag == 3) {
        return payload.toByteArray();
      }
    }
  }

  /**
   * The label and image bytes of an image record's payload.
   *
   * @throws CorruptImageException when the payload is shorter than its header says
   */
  static EncodedImage parseImageRecord(byte[] payload, String where) throws CorruptImageException {
    if (payload.length < HEADER_BYTES) {
      throw new CorruptImageException(where + ": record of " + payload.length + " bytes has no IRHeader");
    }
    ByteBuffer header = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    long flag = Integer.toUnsignedLong(header.getInt());
    float label = header.getFloat();
    int start = HEADER_BYTES;
    if (flag > 0) {
      if (flag > (payload.length - HEADER_BYTES) / 4) {
        throw new CorruptImageException(where + ": IRHeader declares " + flag + " labels past the record's end");
      }
      label = header.getFloat(HEADER_BYTES); // the first of the label vector
      start += (int) flag * 4;
    }
    if (label != Math.rint(label) || label < 0 || label > Integer.MAX_VALUE) {
      throw new CorruptImageException(where + ": label " + label + " is not a class index");
    }
    byte[] image = new byte[payload.length - start];
    System.arraycopy(payload, start, image, 0, image.length);
    return new EncodedImage(image, (int) label);
  }

  static int padded(int length) {
    return (length + 3) & ~3;
  }

  static byte[] littleEndian(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  private static ByteBuffer readFully(FileChannel channel, long position, int length, long record)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position + buffer.position());
      if (read < 0) {
        throw new CorruptImageException(
            "record at offset " + record + " is cut off by the end of the file",
            new EOFException());
      }
    }
    return buffer.flip();
  }
}

package org.normlab.ml.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads gzip'd IDX files (the MNIST family's format): a big-endian magic number whose low byte is
 * the rank and whose third byte is the element type (0x08 = unsigned byte), the dimensions, then
 * the elements row-major. Plain streams, because DJL's own Fashion-MNIST loader fails offline.
 */
final class IdxReader {

  private static final int UNSIGNED_BYTE = 0x08;

  private IdxReader() {}

  /** The contents of an unsigned-byte IDX file: its dimensions and its raw elements. */
  record IdxArray(int[] dimensions, byte[] data) {}

  static IdxArray read(Path file, int expectedRank) {
    try (InputStream raw = Files.newInputStream(file);
        DataInputStream in =
            new DataInputStream(
                new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16))) {
      int magic = in.readInt();
      int type = (magic >>> 8) & 0xff;
      int rank = magic & 0xff;
      if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE || rank != expectedRank) {
        throw new IllegalStateException(
            String.format(
                "%s is not an unsigned-byte IDX file of rank %d (magic 0x%08x)",
                file, expectedRank, magic));
      }
      int[] dimensions = new int[rank];
      long elements = 1;
      for (int i = 0; i < rank; i++) {
        dimensions[i] = in.readInt();
        if (dimensions[i] < 0) {
          throw new IllegalStateException(file + " declares a negative dimension " + dimensions[i]);
        }
        elements *= dimensions[i];
      }
      if (elements > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException(file + " holds " + elements + " elements; too large");
      }
      byte[] data = new byte[(int) elements];
      in.readFully(data);
      return new IdxArray(dimensions, data);
    } catch (EOFException e) {
      throw new IllegalStateException(file + " is truncated", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read IDX file " + file, e);
    }
  }
}

package org.normlab.ml.data.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A split packed as MXNet RecordIO: {@code <split>.rec} read by offset through {@code
 * <split>.idx} (lines {@code key<TAB>offset}, as {@code MXIndexedRecordIO} writes them). Sample
 * {@code i} is the record on line {@code i}. Positional reads on one channel are safe from several
 * threads at once.
 */
public final class RecordIoImages implements EncodedImages {

  private final Path recFile;
  private final FileChannel channel;
  private final long[] offsets;
  private final int numClasses;

  private RecordIoImages(Path recFile, FileChannel channel, long[] offsets, int numClasses) {
    this.recFile = recFile;
    this.channel = channel;
    this.offsets = offsets;
    this.numClasses = numClasses;
  }

  /**
   * Opens {@code recFile} with the offsets listed in {@code idxFile}.
   *
   * @throws IllegalStateException when a line of the index is not {@code key<TAB>offset} or points
   *     past the end of the record file
   */
  public static RecordIoImages open(Path recFile, Path idxFile, int numClasses) {
    try {
      List<String> lines = Files.readAllLines(idxFile, StandardCharsets.US_ASCII);
      long size = Files.size(recFile);
      long[] offsets =
          lines.stream().filter(line -> !line.isBlank()).mapToLong(line -> offset(idxFile, line)).toArray();
      for (int i = 0; i < offsets.length; i++) {
        if (offsets[i] < 0 || offsets[i] >= size) {
          throw new IllegalStateException(
              idxFile + " line " + (i + 1) + " points at offset " + offsets[i] + ", outside " + recFile
                  + " (" + size + " bytes)");
        }
      }
      return new RecordIoImages(recFile, FileChannel.open(recFile, StandardOpenOption.READ), offsets, numClasses);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open RecordIO " + recFile, e);
    }
  }

  private static long offset(Path idxFile, String line) {
    String[] fields = line.trim().split("\\s+");
    try {
      if (fields.length == 2) {
        return Long.parseLong(fields[1]);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalStateException(idxFile + " has a line that is not 'key<TAB>offset': '" + line + "'");
  }

  @Override
  public int size() {
    return offsets.length;
  }

  @Override
  public int numClasses() {
    return numClasses;
  }

  @Override
  public EncodedImage read(int index) throws IOException {
    EncodedImage image =
        RecordIo.parseImageRecord(RecordIo.readRecord(channel, offsets[index]), describe(index));
    if (image.label() >= numClasses) {
      throw new CorruptImageException(
          describe(index) + ": label " + image.label() + " is not below " + numClasses + " classes");
    }
    return image;
  }

  @Override
  public String describe(int index) {
    return recFile + "@" + offsets[index];
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public String toString() {
    return "RecordIO " + recFile + " (" + offsets.length + " records)";
  }
}

package org.normlab.ml.data.image;

import java.io.Closeable;
import java.io.IOException;

/**
 * One split of a streamed dataset: {@link #size()} samples, each read on demand as encoded bytes
 * with its label. Reads of different indices may run on different threads at once.
 */
public interface EncodedImages extends Closeable {

  int size();

  int numClasses();

  /**
   * The encoded image of sample {@code index} and its label.
   *
   * @throws CorruptImageException when the sample's record or label is malformed
   * @throws IOException when the underlying file cannot be read
   */
  EncodedImage read(int index) throws IOException;

  /** Where sample {@code index} lives, for log lines (a path, or a file and offset). */
  String describe(int index);

  @Override
  default void close() throws IOException {}
}

package org.normlab.ml.data.image;

import org.normlab.ml.data.transform.ImageSource;

/**
 * An opened image whose header has been read: its size is known and its pixels are decoded when a
 * pipeline asks for them, whole or a region. Decode failures surface as {@link
 * CorruptImageRuntimeException}. Holds decoder state until closed.
 */
public interface LazyImage extends ImageSource, AutoCloseable {

  @Override
  void close();
}

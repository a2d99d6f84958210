package org.normlab.ml.data.image;

import java.io.IOException;

/** A sample that cannot be turned into an image: truncated, not an image, or a malformed record. */
public class CorruptImageException extends IOException {

  public CorruptImageException(String message) {
    super(message);
  }

  public CorruptImageException(String message, Throwable cause) {
    super(message, cause);
  }
}

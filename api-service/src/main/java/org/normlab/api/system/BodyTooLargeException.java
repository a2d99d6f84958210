package org.normlab.api.system;

import java.io.IOException;

/** Thrown while reading a request body past the configured limit. */
class BodyTooLargeException extends IOException {

  private final long maxBytes;

  BodyTooLargeException(long maxBytes) {
    super("Request body exceeds the limit of " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  long maxBytes() {
    return maxBytes;
  }
}

package org.normlab.ml.checkpoint;

/**
 * A checkpoint cannot be read back as written: missing, truncated, or its bytes do not hash to the
 * recorded SHA-256. Callers fall back to an earlier checkpoint or fail the attempt.
 */
public class CorruptCheckpointException extends RuntimeException {

  private final String uri;

  public CorruptCheckpointException(String uri, String message) {
    super("Checkpoint " + uri + " is unusable: " + message);
    this.uri = uri;
  }

  public CorruptCheckpointException(String uri, String message, Throwable cause) {
    super("Checkpoint " + uri + " is unusable: " + message, cause);
    this.uri = uri;
  }

  public String uri() {
    return uri;
  }
}

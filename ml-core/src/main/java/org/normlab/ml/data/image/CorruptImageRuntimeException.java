package org.normlab.ml.data.image;

/** A {@link CorruptImageException} found while a pipeline was pulling pixels (no checked exceptions there). */
public class CorruptImageRuntimeException extends RuntimeException {

  public CorruptImageRuntimeException(CorruptImageException cause) {
    super(cause.getMessage(), cause);
  }

  @Override
  public synchronized CorruptImageException getCause() {
    return (CorruptImageException) super.getCause();
  }
}

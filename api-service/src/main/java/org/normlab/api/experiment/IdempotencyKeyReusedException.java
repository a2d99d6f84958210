package org.normlab.api.experiment;

/** An Idempotency-Key already used for a different request body. */
public class IdempotencyKeyReusedException extends RuntimeException {
  public IdempotencyKeyReusedException(String key) {
    super("Idempotency-Key '" + key + "' was already used with a different request body");
  }
}

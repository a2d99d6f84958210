package org.normlab.contracts.codec;

/** A message that cannot be read as its topic's record: malformed, invalid, or of an unknown schema version. */
public class ContractViolationException extends RuntimeException {
  public ContractViolationException(String message, Throwable cause) {
    super(message, cause);
  }
}

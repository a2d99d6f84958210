package org.normlab.cli.api;

import java.util.List;

/**
 * A refused or failed call, already classified into the exit code a script sees. {@code details}
 * are the lines to print under the message (one per invalid field).
 */
public class ApiException extends RuntimeException {

  private final int exitCode;
  private final List<String> details;

  public ApiException(int exitCode, String message, List<String> details) {
    super(message);
    this.exitCode = exitCode;
    this.details = List.copyOf(details);
  }

  public ApiException(int exitCode, String message) {
    this(exitCode, message, List.of());
  }

  public int exitCode() {
    return exitCode;
  }

  public List<String> details() {
    return details;
  }
}

package org.normlab.api.system;

import java.util.List;

/**
 * One bad field of a request: its JSON path, what is wrong, and the values it may take where they
 * form a list.
 */
public record FieldViolation(String field, String message, Object rejected, List<String> allowed) {

  public static FieldViolation of(String field, String message, Object rejected) {
    return new FieldViolation(field, message, rejected, null);
  }

  public static FieldViolation paging(int page, int size, int maxSize) {
    return of(page < 0 ? "page" : "size", "page must be >= 0 and size between 1 and " + maxSize,
        page < 0 ? page : size);
  }

  public static FieldViolation oneOf(String field, Object rejected, List<String> allowed) {
    String message = rejected == null ? "is required" : "must be one of the allowed values";
    return new FieldViolation(field, message, rejected, List.copyOf(allowed));
  }

  /** {@link #oneOf(String, Object, List)} whose message names the closest allowed values, if any. */
  public static FieldViolation oneOf(String field, Object rejected, List<String> allowed, List<String> closest) {
    if (rejected == null || closest.isEmpty()) {
      return oneOf(field, rejected, allowed);
    }
    return new FieldViolation(field, "must be one of the allowed values; did you mean "
        + String.join(" or ", closest.stream().map(c -> "'" + c + "'").toList()) + "?", rejected, List.copyOf(allowed));
  }
}

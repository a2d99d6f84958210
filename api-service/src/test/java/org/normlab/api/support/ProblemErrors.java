package org.normlab.api.support;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Reads the {@code errors} list of an invalid-request problem body. */
public final class ProblemErrors {

  private ProblemErrors() {}

  /** The field of every error, in order. */
  public static List<String> fields(JsonNode errors) {
    List<String> fields = new ArrayList<>();
    errors.forEach(e -> fields.add(e.get("field").asString()));
    return fields;
  }

  /** The error about {@code field}; fails when there is none. */
  public static JsonNode error(JsonNode errors, String field) {
    for (JsonNode e : errors) {
      if (field.equals(e.get("field").asString())) {
        return e;
      }
    }
    throw new AssertionError("no error for " + field + " in " + errors);
  }

  /** The allowed values the error about {@code field} lists. */
  public static List<String> allowed(JsonNode errors, String field) {
    List<String> allowed = new ArrayList<>();
    error(errors, field).get("allowed").forEach(v -> allowed.add(v.asString()));
    return allowed;
  }
}

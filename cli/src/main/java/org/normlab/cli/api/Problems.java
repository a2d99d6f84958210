package org.normlab.cli.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.normlab.cli.ExitCodes;
import tools.jackson.databind.JsonNode;

/**
 * Turns an API error answer (RFC 9457 problem+json) into an {@link ApiException}: the status picks
 * the exit code, the problem's {@code errors} become one line per field.
 */
public final class Problems {

  private static final Map<Integer, Integer> EXIT_BY_STATUS = Map.of(
      400, ExitCodes.INVALID,
      401, ExitCodes.AUTH,
      403, ExitCodes.AUTH,
      404, ExitCodes.NOT_FOUND,
      409, ExitCodes.CONFLICT,
      413, ExitCodes.INVALID,
      422, ExitCodes.CONFLICT);

  private Problems() {}

  public static ApiException toException(int status, JsonNode problem) {
    int exit = EXIT_BY_STATUS.getOrDefault(status, ExitCodes.SERVER);
    String detail = text(problem, "detail");
    String title = text(problem, "title");
    String code = text(problem, "code");
    StringBuilder message = new StringBuilder("HTTP ").append(status);
    if (code != null) {
      message.append(" ").append(code);
    }
    if (detail != null) {
      message.append(": ").append(detail);
    } else if (title != null) {
      message.append(": ").append(title);
    }
    return new ApiException(exit, message.toString(), fieldLines(problem));
  }

  /** {@code field: message (rejected: x; allowed: a, b, …)} for each entry of {@code errors}. */
  static List<String> fieldLines(JsonNode problem) {
    List<String> lines = new ArrayList<>();
    if (problem == null || !problem.path("errors").isArray()) {
      return lines;
    }
    for (JsonNode error : problem.path("errors")) {
      StringBuilder line = new StringBuilder(error.path("field").asString("?"))
          .append(": ").append(error.path("message").asString(""));
      JsonNode rejected = error.get("rejected");
      if (rejected != null && !rejected.isNull()) {
        line.append(" (rejected: ").append(rejected.isString() ? rejected.asString() : rejected.toString());
        line.append(")");
      }
      JsonNode allowed = error.get("allowed");
      if (allowed != null && allowed.isArray() && !allowed.isEmpty()) {
        List<String> values = new ArrayList<>();
        allowed.forEach(value -> values.add(value.isString() ? value.asString() : value.toString()));
        line.append("; allowed: ").append(String.join(", ", values));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  private static String text(JsonNode node, String field) {
    if (node == null || !node.hasNonNull(field)) {
      return null;
    }
    return node.get(field).asString();
  }
}

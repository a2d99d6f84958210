package org.normlab.cli.command;

import tools.jackson.databind.JsonNode;

/** Reading optional fields of the API's JSON for display: absent and null both print as empty. */
final class Fields {

  private Fields() {}

  static String text(JsonNode node, String dottedPath) {
    JsonNode value = at(node, dottedPath);
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "";
    }
    return value.isValueNode() ? value.asString() : value.toString();
  }

  static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode current = node;
    for (String part : dottedPath.split("\\.")) {
      if (current == null) {
        return null;
      }
      current = current.get(part);
    }
    return current;
  }

  static Integer integer(JsonNode node, String dottedPath) {
    JsonNode value = at(node, dottedPath);
    return value != null && value.isNumber() ? value.asInt() : null;
  }

  static Long whole(JsonNode node, String dottedPath) {
    JsonNode value = at(node, dottedPath);
    return value != null && value.isNumber() ? value.asLong() : null;
  }

  static Double decimal(JsonNode node, String dottedPath) {
    JsonNode value = at(node, dottedPath);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }

  /** A number to four significant decimals, for tables; text stays text. */
  static String number(JsonNode node, String dottedPath) {
    JsonNode value = at(node, dottedPath);
    if (value != null && value.isFloatingPointNumber()) {
      return String.format(java.util.Locale.ROOT, "%.4f", value.asDouble());
    }
    return text(node, dottedPath);
  }
}

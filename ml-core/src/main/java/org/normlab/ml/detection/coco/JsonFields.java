package org.normlab.ml.detection.coco;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Typed reads of JSON fields whose failures name the source and the field path. */
final class JsonFields {

  private final String source;

  JsonFields(String source) {
    this.source = source;
  }

  CocoFormatException error(String path, String expected, JsonNode got) {
    String value = got == null ? "nothing" : abbreviate(got.toString());
    return new CocoFormatException(source + ": " + path + " must be " + expected + ", got " + value);
  }

  List<JsonNode> array(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isArray()) {
      throw error(path, "an array", node);
    }
    return elements(node);
  }

  static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> out = new ArrayList<>(array.size());
    array.values().forEach(out::add);
    return out;
  }

  JsonNode object(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw error(path, "an object", node);
    }
    return node;
  }

  long integer(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isNumber() || !isWhole(node)) {
      throw error(path + "." + name, "an integer", node);
    }
    return node.isIntegralNumber() ? node.longValue() : (long) node.doubleValue();
  }

  int positiveInt(JsonNode parent, String name, String path) {
    long value = integer(parent, name, path);
    if (value < 1 || value > Integer.MAX_VALUE) {
      throw error(path + "." + name, "a positive integer", parent.get(name));
    }
    return (int) value;
  }

  double number(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isNumber()) {
      throw error(path + "." + name, "a number", node);
    }
    return node.doubleValue();
  }

  String string(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || !node.isString()) {
      throw error(path + "." + name, "a string", node);
    }
    return node.stringValue();
  }

  /** 0/1 or false/true; absent means false. */
  boolean flag(JsonNode parent, String name, String path) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      return false;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && (node.longValue() == 0 || node.longValue() == 1)) {
      return node.longValue() == 1;
    }
    throw error(path + "." + name, "0 or 1", node);
  }

  double[] numbers(JsonNode node, String path) {
    if (node == null || !node.isArray()) {
      throw error(path, "an array of numbers", node);
    }
    double[] out = new double[node.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isNumber()) {
        throw error(path + "[" + i + "]", "a number", v);
      }
      out[i] = v.doubleValue();
    }
    return out;
  }

  Box box(JsonNode parent, String name, String path) {
    double[] v = numbers(parent.get(name), path + "." + name);
    if (v.length != 4) {
      throw error(path + "." + name, "4 numbers [x,y,width,height]", parent.get(name));
    }
    if (v[2] < 0 || v[3] < 0) {
      throw error(path + "." + name, "a box of non-negative width and height", parent.get(name));
    }
    return new Box(v[0], v[1], v[2], v[3]);
  }

  private static boolean isWhole(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.canConvertToLong();
    }
    double d = node.doubleValue();
    return d == Math.rint(d) && Math.abs(d) < 1e15;
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 77) + "...";
  }
}

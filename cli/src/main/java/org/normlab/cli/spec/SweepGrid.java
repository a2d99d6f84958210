package org.normlab.cli.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A sweep: a grid file maps spec fields (dotted for nested ones, {@code optimizer.lr}) to lists of
 * values, and the sweep is every combination over the base spec, in the file's order with the last
 * field varying fastest. Each variant's name gets its values appended, so runs stay tellable apart
 * on the leaderboard: {@code "gn sweep [norm=gn:8 batchSize=32]"}.
 */
public record SweepGrid(Map<String, List<JsonNode>> axes) {

  /** Refuses grids that would flood the queue by accident. */
  public static final int MAX_VARIANTS = 1000;

  public SweepGrid {
    // the file's order, which Map.copyOf would lose
    axes = Collections.unmodifiableMap(new LinkedHashMap<>(axes));
  }

  public static SweepGrid of(JsonNode file) {
    Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, JsonNode> axis : file.properties()) {
      JsonNode values = axis.getValue();
      if (!values.isArray() || values.isEmpty()) {
        problems.add(axis.getKey() + ": must be a non-empty list of values");
        continue;
      }
      List<JsonNode> list = new ArrayList<>();
      values.forEach(list::add);
      axes.put(axis.getKey(), list);
    }
    if (axes.isEmpty() && problems.isEmpty()) {
      problems.add("(grid): must name at least one field with a list of values");
    }
    if (!problems.isEmpty()) {
      throw new ApiException(ExitCodes.INVALID, "invalid sweep grid", problems);
    }
    long count = axes.values().stream().mapToLong(List::size).reduce(1, Math::multiplyExact);
    if (count > MAX_VARIANTS) {
      throw new ApiException(ExitCodes.INVALID, "invalid sweep grid",
          List.of("(grid): " + count + " combinations; at most " + MAX_VARIANTS));
    }
    return new SweepGrid(axes);
  }

  /** Every variant of {@code base}, in grid order. */
  public List<ObjectNode> expand(JsonNode base) {
    List<ObjectNode> variants = new ArrayList<>();
    List<String> fields = new ArrayList<>(axes.keySet());
    expand(base, fields, 0, new LinkedHashMap<>(), variants);
    return variants;
  }

  private void expand(JsonNode base, List<String> fields, int depth, Map<String, JsonNode> chosen,
      List<ObjectNode> out) {
    if (depth == fields.size()) {
      out.add(variant(base, chosen));
      return;
    }
    String field = fields.get(depth);
    for (JsonNode value : axes.get(field)) {
      chosen.put(field, value);
      expand(base, fields, depth + 1, chosen, out);
    }
    chosen.remove(field);
  }

  private static ObjectNode variant(JsonNode base, Map<String, JsonNode> chosen) {
    ObjectNode spec = (ObjectNode) base.deepCopy();
    StringJoiner label = new StringJoiner(" ", " [", "]");
    chosen.forEach((path, value) -> {
      set(spec, path, value);
      label.add(path + "=" + (value.isString() ? value.asString() : value.toString()));
    });
    String name = spec.path("name").asString("sweep");
    spec.put("name", name + label);
    return spec;
  }

  private static void set(ObjectNode spec, String dottedPath, JsonNode value) {
    String[] parts = dottedPath.split("\\.");
    ObjectNode node = spec;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode child = node.get(parts[i]);
      node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
    }
    node.set(parts[parts.length - 1], value.deepCopy());
  }
}

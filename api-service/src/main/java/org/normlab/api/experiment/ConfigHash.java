package org.normlab.api.experiment;

import java.util.Set;
import java.util.TreeMap;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.ExperimentSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a run computes, as a SHA-256 over a canonical form of its spec: the spec's JSON without the
 * fields that only describe the run ({@link #IGNORED}), object keys sorted, nulls dropped, no
 * whitespace. Every other spec field counts, including fields appended to the spec later (a recipe
 * changes the result, so it changes the hash without anyone having to remember this class).
 */
final class ConfigHash {

  /** Labels, not configuration: renaming or retagging a run does not make it a different run. */
  static final Set<String> IGNORED = Set.of("name", "tags");

  private ConfigHash() {}

  static String of(ExperimentSpec spec) {
    return IdempotencyKeys.sha256(canonical(spec));
  }

  static String canonical(ExperimentSpec spec) {
    ObjectNode tree = (ObjectNode) ContractCodec.mapper().valueToTree(spec);
    IGNORED.forEach(tree::remove);
    return ContractCodec.mapper().writeValueAsString(sorted(tree));
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      TreeMap<String, JsonNode> fields = new TreeMap<>();
      node.properties().forEach(f -> {
        if (!f.getValue().isNull()) {
          fields.put(f.getKey(), sorted(f.getValue()));
        }
      });
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      fields.forEach(out::set);
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(item -> out.add(sorted(item)));
      return out;
    }
    return node;
  }
}

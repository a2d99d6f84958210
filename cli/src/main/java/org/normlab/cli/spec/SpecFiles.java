package org.normlab.cli.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a spec or grid file, JSON or YAML (JSON is YAML too, so {@code .json} only picks the stricter
 * parser and its error messages). The API validates the fields; this only needs a JSON object.
 */
public final class SpecFiles {

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final ObjectMapper YAML = YAMLMapper.builder().build();

  private SpecFiles() {}

  public static JsonNode readObject(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ApiException(ExitCodes.USAGE, "no such file: " + file);
    } catch (IOException e) {
      throw new ApiException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
    }
    return parseObject(text, file.getFileName().toString());
  }

  public static JsonNode parseObject(String text, String fileName) {
    ObjectMapper mapper = fileName.toLowerCase().endsWith(".json") ? JSON : YAML;
    JsonNode node;
    try {
      node = mapper.readTree(text);
    } catch (JacksonException e) {
      throw new ApiException(ExitCodes.INVALID, fileName + " is not valid "
          + (mapper == JSON ? "JSON" : "YAML") + ": " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new ApiException(ExitCodes.INVALID, fileName + " must hold one object (field: value), got "
          + (node == null || node.isMissingNode() ? "nothing" : node.getNodeType().toString().toLowerCase()));
    }
    return node;
  }
}

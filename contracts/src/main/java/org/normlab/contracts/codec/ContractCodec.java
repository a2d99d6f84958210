package org.normlab.contracts.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.normlab.contracts.Versioned;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON form of every contract record: enums in lower case, absent sections omitted, unknown
 * fields ignored (a newer producer may add optional fields within a major version).
 */
public final class ContractCodec {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(EnumFeature.WRITE_ENUMS_TO_LOWERCASE)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .changeDefaultPropertyInclusion(
              incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
          .build();

  private ContractCodec() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static String encode(Versioned message) {
    return MAPPER.writeValueAsString(message);
  }

  /**
   * Reads a message and checks its schema version.
   *
   * @throws ContractViolationException when the JSON is malformed, a field is invalid, or the schema
   *     version is not {@code expectedVersion}
   */
  public static <T extends Versioned> T decode(String json, Class<T> type, int expectedVersion) {
    T message;
    try {
      message = MAPPER.readValue(json, type);
    } catch (JacksonException e) {
      throw new ContractViolationException(
          "Not a valid " + type.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
    if (message == null) {
      throw new ContractViolationException("Empty " + type.getSimpleName() + " message", null);
    }
    if (message.schemaVersion() != expectedVersion) {
      throw new ContractViolationException(
          type.getSimpleName() + " schemaVersion " + message.schemaVersion()
              + " is not supported; this reader understands " + expectedVersion, null);
    }
    return message;
  }
}

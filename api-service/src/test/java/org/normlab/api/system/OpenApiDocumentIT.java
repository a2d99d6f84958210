package org.normlab.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document the service serves is the one kept in docs/openapi.json: a change to the
 * REST surface fails here until the copy is refreshed with
 * {@code -Dnormlab.openapi.write=true} (docs/api.md, OpenAPI).
 */
class OpenApiDocumentIT extends ApiIntegrationTest {

  static final Path COPY = Path.of("..", "docs", "openapi.json");
  private static final JsonMapper SORTED = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  @Test
  void theServedDocumentIsTheCopyInDocs() throws IOException {
    Response served = get("/v3/api-docs");
    assertThat(served.status()).isEqualTo(200);
    String document = canonical(served.body());
    assertThat(served.body().at("/paths").properties()).extracting(java.util.Map.Entry::getKey)
        .contains("/api/v1/experiments", "/api/v1/experiments/{id}", "/api/v1/experiments/{id}/cancel",
            "/api/v1/leaderboards/{dataset}", "/api/v1/tokens");

    if (Boolean.getBoolean("normlab.openapi.write")) {
      Files.writeString(COPY, document);
    }

    assertThat(COPY).as("docs/openapi.json (refresh with -Dnormlab.openapi.write=true)").exists();
    assertThat(Files.readString(COPY))
        .as("docs/openapi.json differs from /v3/api-docs; refresh it with -Dnormlab.openapi.write=true")
        .isEqualTo(document);
  }

  @Test
  void theDocumentNeedsAToken() {
    assertThat(get("/v3/api-docs", null).status()).isEqualTo(401);
  }

  /** Keys sorted, the server URL (this test's random port) dropped: the same API gives the same text. */
  static String canonical(JsonNode document) {
    ObjectNode copy = (ObjectNode) document.deepCopy();
    copy.remove("servers");
    Object tree = SORTED.treeToValue(copy, Object.class);
    return SORTED.writeValueAsString(tree) + "\n";
  }
}

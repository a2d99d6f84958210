package org.normlab.api.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Base of the API's integration tests: the whole service on a random port, on real PostgreSQL and
 * Kafka. All subclasses share one Spring context.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Short leases so that lost-worker tests take seconds, not minutes.
      "normlab.scheduler.lease=3s",
      "normlab.scheduler.dispatch-lease=5s",
      "normlab.scheduler.worker-liveness=3s",
      "normlab.scheduler.heartbeat-silence=2s"
    })
public abstract class ApiIntegrationTest {

  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Value("${local.server.port}")
  protected int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.register(registry);
  }

  protected record Response(int status, String contentType, String location, JsonNode body) {}

  protected Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET().build());
  }

  protected Response post(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  protected Response post(String path, String json, String idempotencyKey) {
    return send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", idempotencyKey)
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  protected String status(java.util.UUID runId) {
    return get("/api/v1/experiments/" + runId).body().get("status").asString();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      return new Response(response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.headers().firstValue("Location").orElse(null),
          body == null || body.isBlank() ? null : JSON.readTree(body));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

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
 * Kafka. All subclasses share one Spring context. Requests carry the bootstrap admin token unless a
 * test names another (or none).
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      // Short leases so that lost-worker tests take seconds, not minutes. Not shorter: with the
      // build loading both cores, heartbeats were seen to wait over 3 s to be processed.
      "normlab.scheduler.lease=" + ApiIntegrationTest.LEASE_SECONDS + "s",
      "normlab.scheduler.dispatch-lease=7s",
      "normlab.scheduler.worker-liveness=3s",
      "normlab.scheduler.heartbeat-silence=2s",
      "normlab.auth.bootstrap-token=" + ApiIntegrationTest.ADMIN_TOKEN
    })
public abstract class ApiIntegrationTest {

  /** The bootstrap admin secret the tests' service is configured with. */
  /** The lease the tests' scheduler grants (production: see SchedulerProperties). */
  protected static final int LEASE_SECONDS = 5;
  protected static final String ADMIN_TOKEN = "test-bootstrap-admin-token-0123456789abcdef";
  protected static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Value("${local.server.port}")
  protected int port;

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    Infrastructure.register(registry);
  }

  protected record Response(int status, String contentType, String location, JsonNode body,
      java.net.http.HttpHeaders headers) {}

  protected Response get(String path) {
    return get(path, ADMIN_TOKEN);
  }

  /** A GET with {@code token} as its bearer token; none when null. */
  protected Response get(String path, String token) {
    return send(request(path, token).GET().build());
  }

  protected Response post(String path, String json) {
    return post(path, json, null, ADMIN_TOKEN);
  }

  protected Response post(String path, String json, String idempotencyKey) {
    return post(path, json, idempotencyKey, ADMIN_TOKEN);
  }

  /** A JSON POST under an {@code Idempotency-Key} unless null, with {@code token} unless null. */
  protected Response post(String path, String json, String idempotencyKey, String token) {
    HttpRequest.Builder builder = request(path, token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (idempotencyKey != null) {
      builder.header("Idempotency-Key", idempotencyKey);
    }
    return send(builder.build());
  }

  /** A request with any method and a JSON body (none when null), with {@code token} unless null. */
  protected Response call(String method, String path, String json, String token) {
    HttpRequest.Builder builder = request(path, token);
    if (json == null) {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
    }
    return send(builder.build());
  }

  /** Creates an API token with the admin token; returns its secret. */
  protected String createToken(String name, String role) {
    Response created = post("/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}");
    if (created.status() != 201) {
      throw new AssertionError("token not created: " + created.status() + " " + created.body());
    }
    return created.body().get("secret").asString();
  }

  protected HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  protected String status(java.util.UUID runId) {
    return get("/api/v1/experiments/" + runId).body().get("status").asString();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  protected static Response send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      String body = response.body();
      String type = response.headers().firstValue("Content-Type").orElse(null);
      // The container's own refusals (a malformed URL) are HTML: no JSON body to read.
      boolean json = type != null && type.contains("json");
      return new Response(response.statusCode(), type,
          response.headers().firstValue("Location").orElse(null),
          body == null || body.isBlank() || !json ? null : JSON.readTree(body), response.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

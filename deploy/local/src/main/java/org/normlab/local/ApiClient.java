package org.normlab.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small client of the NormLab REST API, for the demo, the benchmarks and the end-to-end tests.
 * Every request carries its API token as {@code Authorization: Bearer <token>}.
 */
public final class ApiClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String baseUrl;
  private final String authorization;
  // HTTP/1.1 with keep-alive: the default HTTP/2 attempts an h2c upgrade the API does not offer.
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** A client sending {@code token} (none when null: for the dashboard, which adds its own). */
  public ApiClient(String baseUrl, String token) {
    this.baseUrl = baseUrl;
    this.authorization = token == null ? null : "Bearer " + token;
  }

  /**
   * Creates a token with {@code role} ({@code viewer}, {@code researcher}, {@code admin}) through an
   * admin client, and returns its secret.
   */
  public String createToken(String name, String role) {
    HttpResponse<String> response = send(request("/api/v1/tokens")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            JSON.createObjectNode().put("name", name).put("role", role).toString()))
        .build());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("Token creation refused (" + response.statusCode() + "): " + response.body());
    }
    return JSON.readTree(response.body()).get("secret").asString();
  }

  /** Submits a spec and returns the created experiment; any status but 201 is an error with the problem body. */
  public JsonNode submit(String specJson) {
    HttpResponse<String> response = send(request("/api/v1/experiments")
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(specJson))
        .build());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("Submission refused (" + response.statusCode() + "): " + response.body());
    }
    return JSON.readTree(response.body());
  }

  /** The API's answer: status and raw body (empty when there was no answer). */
  public record Answer(int status, String body) {

    /** The body as JSON; parsed only when asked for, so load generators do not pay for it. */
    public JsonNode json() {
      return JSON.readTree(body);
    }
  }

  /**
   * Submits a spec, under an {@code Idempotency-Key} unless it is null, and returns whatever the API
   * answered, refusals included; a connection failure is an answer with status 0.
   */
  public Answer trySubmit(String specJson, String idempotencyKey) {
    HttpRequest.Builder builder = request("/api/v1/experiments")
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(specJson));
    if (idempotencyKey != null) {
      builder.header("Idempotency-Key", idempotencyKey);
    }
    HttpRequest request = builder.build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      return new Answer(0, "");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs an empty body to an action such as {@code /api/v1/experiments/{id}/cancel}. */
  public int postAction(String path) {
    return send(request(path).POST(HttpRequest.BodyPublishers.noBody())
        .build()).statusCode();
  }

  public JsonNode get(String path) {
    HttpResponse<String> response = send(request(path).GET().build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path));
    return authorization == null ? builder : builder.header("Authorization", authorization);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

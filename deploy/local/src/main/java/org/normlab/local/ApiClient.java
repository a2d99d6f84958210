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

/** A small client of the NormLab REST API, for the demo and the end-to-end tests. */
public final class ApiClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ApiClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** Submits a spec and returns the created experiment; any status but 201 is an error with the problem body. */
  public JsonNode submit(String specJson) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/experiments"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(specJson))
        .build());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("Submission refused (" + response.statusCode() + "): " + response.body());
    }
    return JSON.readTree(response.body());
  }

  public JsonNode get(String path) {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().build());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
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

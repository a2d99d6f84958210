package org.normlab.cli.api;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import org.normlab.cli.ExitCodes;
import org.normlab.contracts.codec.ContractCodec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API over the JDK's HttpClient: JSON in and out, a bearer token on every request, and every
 * failure turned into an {@link ApiException} carrying the exit code.
 */
public class ApiClient {

  private static final JsonMapper JSON = ContractCodec.mapper();

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  public ApiClient(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public URI base() {
    return base;
  }

  public JsonNode get(String path) {
    return send(request(path).GET());
  }

  public JsonNode get(String path, Map<String, ?> query) {
    return get(path + queryString(query));
  }

  public JsonNode post(String path, JsonNode body, String idempotencyKey) {
    HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
        .POST(body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (idempotencyKey != null) {
      builder.header("Idempotency-Key", idempotencyKey);
    }
    return send(builder);
  }

  public JsonNode post(String path) {
    return post(path, null, null);
  }

  /** A {@code PATCH}, {@code PUT} or any other method with a JSON body (none when null). */
  public JsonNode send(String method, String path, JsonNode body) {
    return send(request(path).header("Content-Type", "application/json")
        .method(method, body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
  }

  /** {@code ?a=1&b=x} of the non-null values, in the map's order; empty when none. */
  public static String queryString(Map<String, ?> query) {
    StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
    query.forEach((name, value) -> {
      if (value != null) {
        joined.add(name + "=" + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8));
      }
    });
    return joined.toString();
  }

  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
        .header("Accept", "application/json, application/problem+json");
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private JsonNode send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new ApiException(ExitCodes.SERVER, "API unreachable at " + base + " (" + describe(e) + ")");
    } catch (HttpTimeoutException e) {
      throw new ApiException(ExitCodes.SERVER, "API at " + base + " did not answer within " + timeout);
    } catch (IOException e) {
      throw new ApiException(ExitCodes.SERVER, "API call failed: " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ExitCodes.SERVER, "interrupted");
    }
    JsonNode body = parse(response.body());
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return body;
    }
    ApiException refusal = Problems.toException(status, body);
    if (status == 401 && token == null) {
      throw new ApiException(ExitCodes.AUTH, refusal.getMessage()
          + " (no token: pass --token, set NORMLAB_TOKEN, or run bin/local-stack, which writes "
          + TokenSource.LOCAL_TOKEN_FILE + ")");
    }
    throw refusal;
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (JacksonException e) {
      return null; // a proxy's HTML error page: the status alone classifies it
    }
  }

  private static String describe(Exception e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}

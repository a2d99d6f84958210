package org.normlab.ui.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dashboard's proxy against a real HTTP server standing in for the API's address. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiProxyControllerTest {

  private static final AtomicReference<String> lastRequest = new AtomicReference<>();
  private static final AtomicReference<String> lastPost = new AtomicReference<>();
  private static final AtomicReference<String> lastAuthorization = new AtomicReference<>();
  private static final java.util.concurrent.atomic.AtomicBoolean upstreamTimedOut = new java.util.concurrent.atomic.AtomicBoolean();
  private static final java.util.concurrent.CountDownLatch releaseStream = new java.util.concurrent.CountDownLatch(1);
  private static final HttpServer upstream = startUpstream();

  @Value("${local.server.port}")
  int port;

  @DynamicPropertySource
  static void api(DynamicPropertyRegistry registry) {
    registry.add("normlab.api-url", () -> "http://127.0.0.1:" + upstream.getAddress().getPort());
    registry.add("normlab.api-token", () -> "dashboard-viewer-token");
  }

  @AfterAll
  static void stop() {
    upstream.stop(0);
  }

  @Test
  void forwardsPathAndQueryToTheApiAndRelaysBodyAndStatus() throws Exception {
    HttpResponse<String> ok = get("/ui-api/leaderboards/fashion-mnist?norm=bn&page=0");
    HttpResponse<String> missing = get("/ui-api/experiments/unknown");

    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("{\"rows\":[]}");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(lastRequest.get()).isEqualTo("GET /api/v1/experiments/unknown");
  }

  @Test
  void readsCarryTheDashboardsTokenUnlessTheBrowserSendsItsOwn() throws Exception {
    get("/ui-api/leaderboards/fashion-mnist?norm=bn&page=0");
    assertThat(lastAuthorization.get()).isEqualTo("Bearer dashboard-viewer-token");

    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/ui-api/leaderboards/fashion-mnist?norm=bn&page=0")).header("Authorization", "Bearer users-own").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(lastAuthorization.get()).isEqualTo("Bearer users-own");
  }

  @Test
  void passesAnEncodedQueryThroughWithoutEncodingItAgain() throws Exception {
    get("/ui-api/leaderboards/fashion-mnist?norm=gn%3A4&tag=suite%3Aibn-net");

    assertThat(lastRequest.get()).isEqualTo("GET /api/v1/leaderboards/fashion-mnist?norm=gn%3A4&tag=suite%3Aibn-net");
  }

  @Test
  void servesTheDashboardPage() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>NormLab</title>", "js/app.js");
  }

  @Test
  void forwardsAPostWithTheCallersTokenAndRelaysTheAnswersHeaders() throws Exception {
    HttpResponse<String> created = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ui-api/experiments"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer secret-token")
            .header("Idempotency-Key", "k-1")
            .header("Cookie", "session=never-forwarded")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/experiments/42");
    assertThat(lastRequest.get()).isEqualTo("POST /api/v1/experiments");
    assertThat(lastPost.get()).isEqualTo("Bearer secret-token|k-1|null|{\"name\":\"x\"}");
  }

  @Test
  void relaysTheApisRefusalOfAPostWithItsProblem() throws Exception {
    HttpResponse<String> refused = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ui-api/experiments/1/cancel"))
            .POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(refused.body()).contains("\"status\":401");
  }

  @Test
  void relaysARunsEventStreamAsItFlows() throws Exception {
    HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ui-api/experiments/7/stream")).build(),
        HttpResponse.BodyHandlers.ofInputStream());

    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
      // The first event arrives while the upstream still holds the stream open.
      assertThat(lines.readLine()).isEqualTo("event:status");
      assertThat(lines.readLine()).isEqualTo("data:{\"status\":\"RUNNING\"}");
      releaseStream.countDown();
    }
    assertThat(upstreamTimedOut.get()).as("the event arrived only after the upstream gave up").isFalse();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpServer startUpstream() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/api/v1/experiments/7/stream", exchange -> {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        exchange.getResponseBody().write("event:status\ndata:{\"status\":\"RUNNING\"}\n\n".getBytes(StandardCharsets.UTF_8));
        exchange.getResponseBody().flush();
        try {
          // The test reads the event while this holds the stream open; a relay that buffers until
          // the end would deliver it only after this times out.
          upstreamTimedOut.set(!releaseStream.await(10, java.util.concurrent.TimeUnit.SECONDS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.close();
      });
      server.createContext("/api/v1/", exchange -> {
        if (exchange.getRequestMethod().equals("POST")) {
          lastRequest.set("POST " + exchange.getRequestURI());
          var h = exchange.getRequestHeaders();
          lastPost.set(h.getFirst("Authorization") + "|" + h.getFirst("Idempotency-Key") + "|" + h.getFirst("Cookie") + "|"
              + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          boolean authorized = h.getFirst("Authorization") != null;
          byte[] body = (authorized ? "{\"id\":\"42\"}" : "{\"status\":401,\"title\":\"Unauthorized\"}")
              .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", authorized ? "application/json" : "application/problem+json");
          if (authorized) {
            exchange.getResponseHeaders().add("Location", "/api/v1/experiments/42");
          }
          exchange.sendResponseHeaders(authorized ? 201 : 401, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
          return;
        }
        String target = exchange.getRequestURI().toString();
        lastRequest.set(exchange.getRequestMethod() + " " + target);
        lastAuthorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
        boolean known = target.equals("/api/v1/leaderboards/fashion-mnist?norm=bn&page=0");
        byte[] body = (known ? "{\"rows\":[]}" : "{\"status\":404}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(known ? 200 : 404, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

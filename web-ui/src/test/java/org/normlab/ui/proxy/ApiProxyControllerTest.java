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
  private static final AtomicReference<String> lastAuthorization = new AtomicReference<>();
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
  void servesTheDashboardPage() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<title>NormLab</title>", "js/dashboard.js");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpServer startUpstream() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/api/v1/", exchange -> {
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

package org.normlab.ui.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Forwards the dashboard's calls under {@code /ui-api/} to the API's {@code /api/v1/}, so the browser
 * talks to one origin. Reads are relayed as they are; a run's event stream is relayed as it flows;
 * a POST carries the caller's {@code Authorization} header (the API token the user entered), so the
 * API, not this proxy, decides who may mutate. Reads and streams pass on the browser's own {@code
 * Authorization} header when it sends one, else the dashboard's viewer token ({@code
 * normlab.api-token}), which can read but never mutate.
 */
@RestController
class ApiProxyController {

  static final String PREFIX = "/ui-api/";

  /** Request headers a POST forwards; everything else stays here. */
  private static final List<String> FORWARDED = List.of(HttpHeaders.AUTHORIZATION, "Idempotency-Key");
  /** Response headers relayed back (the API's answer to a submission carries these). */
  private static final List<String> RELAYED = List.of(HttpHeaders.LOCATION, HttpHeaders.WWW_AUTHENTICATE,
      HttpHeaders.RETRY_AFTER, "Deduplicated", "Idempotent-Replayed", HttpHeaders.LINK);

  private final RestClient api;
  private final String apiUrl;
  private final String readAuthorization;
  // HTTP/1.1: the default HTTP/2 first attempts an h2c upgrade the API does not offer.
  private final HttpClient streams = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  ApiProxyController(@Value("${normlab.api-url}") String apiUrl, @Value("${normlab.api-token:}") String readToken) {
    this.apiUrl = apiUrl;
    this.readAuthorization = readToken.isBlank() ? null : "Bearer " + readToken.strip();
    // exchange() relays the API's 4xx/5xx as they are: the page shows the problem details.
    this.api = RestClient.create();
  }

  @GetMapping(PREFIX + "**")
  ResponseEntity<String> forward(HttpServletRequest request) {
    var get = api.get().uri(upstream(request));
    String authorization = readAuthorization(request);
    if (authorization != null) {
      get = get.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    return get.exchange((req, res) -> relay(res.getStatusCode(), res.getHeaders(), res.getBody()));
  }

  @PostMapping(PREFIX + "**")
  ResponseEntity<String> forwardPost(HttpServletRequest request, @RequestBody(required = false) String body) {
    RestClient.RequestBodySpec post = api.post().uri(upstream(request))
        .contentType(MediaType.APPLICATION_JSON);
    for (String header : FORWARDED) {
      String value = request.getHeader(header);
      if (value != null) {
        post = post.header(header, value);
      }
    }
    if (body != null) {
      post = post.body(body);
    }
    return post.exchange((req, res) -> relay(res.getStatusCode(), res.getHeaders(), res.getBody()));
  }

  /**
   * A run's server-sent events, copied through chunk by chunk, each flushed to the browser at once.
   * The copy holds a request thread for as long as the stream is open (a dashboard has few open
   * run pages); it ends when either side closes, and the browser's EventSource reconnects.
   */
  @GetMapping(path = PREFIX + "experiments/{id}/stream")
  void stream(HttpServletRequest request, HttpServletResponse response) throws IOException, InterruptedException {
    HttpRequest.Builder call = HttpRequest.newBuilder(upstream(request)).header("Accept", "text/event-stream");
    String authorization = readAuthorization(request);
    if (authorization != null) {
      call.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    HttpResponse<InputStream> upstream = streams.send(call.build(), HttpResponse.BodyHandlers.ofInputStream());
    response.setStatus(upstream.statusCode());
    response.setContentType(upstream.headers().firstValue(HttpHeaders.CONTENT_TYPE)
        .orElse(MediaType.TEXT_EVENT_STREAM_VALUE));
    response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
    response.flushBuffer(); // headers now: EventSource reports the connection open
    try (InputStream from = upstream.body()) {
      OutputStream to = response.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = from.read(buffer)) >= 0; ) {
        to.write(buffer, 0, n);
        response.flushBuffer(); // each event as it comes, not when a buffer fills
      }
    }
  }

  /** The browser's own token if it sent one, else the dashboard's viewer token (null: none configured). */
  private String readAuthorization(HttpServletRequest request) {
    String own = request.getHeader(HttpHeaders.AUTHORIZATION);
    return own != null ? own : readAuthorization;
  }

  /**
   * The API's URI for this request, the query passed through as the browser encoded it. (A string
   * given to RestClient is a URI template: it would encode {@code gn%3A4} again, to {@code gn%253A4}.)
   */
  private URI upstream(HttpServletRequest request) {
    return URI.create(apiUrl + target(request));
  }

  private static String target(HttpServletRequest request) {
    String path = request.getRequestURI().substring(PREFIX.length());
    String query = request.getQueryString();
    return "/api/v1/" + path + (query == null ? "" : "?" + query);
  }

  private static ResponseEntity<String> relay(HttpStatusCode status, HttpHeaders headers, InputStream body)
      throws IOException {
    String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
    MediaType type = headers.getContentType();
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(status)
        .contentType(type == null ? MediaType.APPLICATION_JSON : type);
    for (String header : RELAYED) {
      String value = headers.getFirst(header);
      if (value != null) {
        answer.header(header, value);
      }
    }
    return answer.body(text);
  }
}

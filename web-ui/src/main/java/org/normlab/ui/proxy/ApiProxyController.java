package org.normlab.ui.proxy;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Forwards the dashboard's reads under {@code /ui-api/} to the API's {@code /api/v1/}, so the browser
 * talks to one origin. Only GET is forwarded: this proxy cannot mutate anything. The browser's own
 * {@code Authorization} header is passed on when it sends one (a user acting with their token);
 * otherwise reads carry the dashboard's viewer token ({@code normlab.api-token}), if configured.
 */
@RestController
class ApiProxyController {

  static final String PREFIX = "/ui-api/";

  private final RestClient api;
  private final String readAuthorization;

  ApiProxyController(@Value("${normlab.api-url}") String apiUrl, @Value("${normlab.api-token:}") String readToken) {
    this.api = RestClient.builder().baseUrl(apiUrl).build();
    this.readAuthorization = readToken.isBlank() ? null : "Bearer " + readToken.strip();
  }

  @GetMapping(PREFIX + "**")
  ResponseEntity<String> forward(HttpServletRequest request) {
    String path = request.getRequestURI().substring(PREFIX.length());
    String query = request.getQueryString();
    String target = "/api/v1/" + path + (query == null ? "" : "?" + query);
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      authorization = readAuthorization;
    }
    var call = api.get().uri(target);
    if (authorization != null) {
      call = call.header(HttpHeaders.AUTHORIZATION, authorization);
    }
    return call.exchange((req, res) -> {
      String body = new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      HttpStatusCode status = res.getStatusCode();
      MediaType type = res.getHeaders().getContentType();
      return ResponseEntity.status(status).contentType(type == null ? MediaType.APPLICATION_JSON : type).body(body);
    });
  }
}

package org.normlab.ui.proxy;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Forwards the dashboard's reads under {@code /ui-api/} to the API's {@code /api/v1/}, so the browser
 * talks to one origin. Only GET is forwarded: this proxy cannot mutate anything.
 */
@RestController
class ApiProxyController {

  static final String PREFIX = "/ui-api/";

  private final RestClient api;

  ApiProxyController(@Value("${normlab.api-url}") String apiUrl) {
    this.api = RestClient.builder().baseUrl(apiUrl).build();
  }

  @GetMapping(PREFIX + "**")
  ResponseEntity<String> forward(HttpServletRequest request) {
    String path = request.getRequestURI().substring(PREFIX.length());
    String query = request.getQueryString();
    String target = "/api/v1/" + path + (query == null ? "" : "?" + query);
    return api.get().uri(target).exchange((req, res) -> {
      String body = new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      HttpStatusCode status = res.getStatusCode();
      MediaType type = res.getHeaders().getContentType();
      return ResponseEntity.status(status).contentType(type == null ? MediaType.APPLICATION_JSON : type).body(body);
    });
  }
}

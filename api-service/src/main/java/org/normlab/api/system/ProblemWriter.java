package org.normlab.api.system;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an RFC 9457 problem from a servlet filter, which answers before Spring MVC (and so before
 * {@link ProblemHandlers}) runs; same shape and {@code code} convention as the handlers.
 */
public final class ProblemWriter {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ProblemWriter() {}

  public static void write(HttpServletResponse response, int status, String code, String title, String detail,
      Map<String, Object> extra) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", ProblemHandlers.TYPE_BASE + code);
    body.put("title", title);
    body.put("status", status);
    body.put("code", code);
    body.put("detail", detail);
    body.putAll(extra);
    response.setStatus(status);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.setCharacterEncoding("UTF-8");
    response.getWriter().write(JSON.writeValueAsString(body));
  }
}

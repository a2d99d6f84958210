package org.normlab.api.auth;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.normlab.api.system.ProblemWriter;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>}, checks the role the request needs
 * ({@link AccessPolicy}) and the token's rate ({@link RateLimiter}), before anything reads the body.
 * Refusals are problems with a {@code code}: 401 {@code unauthenticated} (no, unknown or revoked
 * token), 403 {@code forbidden} (role too low), 429 {@code rate-limited} with {@code Retry-After}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class AuthFilter extends OncePerRequestFilter {

  private static final String BEARER = "Bearer ";

  private final AccessPolicy policy;
  private final Authenticator authenticator;
  private final RateLimiter rateLimiter;
  private final MeterRegistry meters;

  AuthFilter(AccessPolicy policy, Authenticator authenticator, RateLimiter rateLimiter, MeterRegistry meters) {
    this.policy = policy;
    this.authenticator = authenticator;
    this.rateLimiter = rateLimiter;
    this.meters = meters;
    for (String reason : List.of("unauthenticated", "forbidden", "rate-limited")) {
      meters.counter("normlab.auth.refusals", "reason", reason);
    }
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // The servlet path is decoded and normalised by the container (no "..", ";params" or "//"),
    // which is what Spring MVC routes on too: no spelling of a path reaches a handler unchecked.
    Role required = policy.required(request.getMethod(), pathOf(request));
    if (required == null) {
      chain.doFilter(request, response);
      return;
    }
    Optional<Caller> caller = secretOf(request).flatMap(authenticator::authenticate);
    if (caller.isEmpty()) {
      refuse("unauthenticated");
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"normlab\"");
      ProblemWriter.write(response, 401, "unauthenticated", "Authentication required",
          "Send a valid, unrevoked API token as 'Authorization: Bearer <token>'", Map.of());
      return;
    }
    Caller who = caller.get();
    if (!who.role().includes(required)) {
      refuse("forbidden");
      ProblemWriter.write(response, 403, "forbidden", "Role too low",
          "This request needs role '" + required.wireName() + "'; the token has '" + who.role().wireName() + "'",
          Map.of("required", required.wireName(), "role", who.role().wireName()));
      return;
    }
    long retryAfter = rateLimiter.tryAcquire(who);
    if (retryAfter > 0) {
      refuse("rate-limited");
      response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
      ProblemWriter.write(response, 429, "rate-limited", "Too many requests",
          "This token's request rate is exhausted; retry after " + retryAfter + " s", Map.of());
      return;
    }
    request.setAttribute(Caller.ATTRIBUTE, who);
    MDC.put("caller", who.name());
    try {
      chain.doFilter(request, response);
    } finally {
      MDC.remove("caller");
    }
  }

  private void refuse(String reason) {
    meters.counter("normlab.auth.refusals", "reason", reason).increment();
  }

  private static String pathOf(HttpServletRequest request) {
    String info = request.getPathInfo();
    return info == null ? request.getServletPath() : request.getServletPath() + info;
  }

  private static Optional<String> secretOf(HttpServletRequest request) {
    String header = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (header == null || header.length() <= BEARER.length()
        || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.empty();
    }
    String secret = header.substring(BEARER.length()).strip();
    // Longer than any real secret: refuse without hashing attacker-sized input.
    return secret.isEmpty() || secret.length() > 512 ? Optional.empty() : Optional.of(secret);
  }
}

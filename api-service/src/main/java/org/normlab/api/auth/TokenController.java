package org.normlab.api.auth;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Token management for admins: create (the secret is in this one answer), list, revoke. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

  private final TokenService tokens;

  TokenController(TokenService tokens) {
    this.tokens = tokens;
  }

  /** 201 with the token and its {@code secret}; the secret cannot be read again. */
  @PostMapping
  ResponseEntity<Created> create(@RequestBody(required = false) CreateTokenRequest request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    CreatedToken created = tokens.create(request, caller);
    ApiToken t = created.token();
    return ResponseEntity.created(URI.create("/api/v1/tokens/" + t.id()))
        .body(new Created(t.id(), t.name(), t.role(), t.requestsPerSecond(), t.createdBy(), t.createdAt(),
            created.secret()));
  }

  @GetMapping
  List<ApiToken> list() {
    return tokens.list();
  }

  /** Revokes the token at once on this instance (within {@code normlab.auth.cache-ttl} on others). */
  @PostMapping("/{id}/revoke")
  ApiToken revoke(@PathVariable UUID id) {
    return tokens.revoke(id);
  }

  record Created(UUID id, String name, String role, Integer requestsPerSecond, String createdBy,
      java.time.Instant createdAt, String secret) {}
}

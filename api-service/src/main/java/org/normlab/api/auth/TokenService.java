package org.normlab.api.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.springframework.stereotype.Service;

/** Creating, listing and revoking API tokens (admin only; {@link AccessPolicy}). */
@Service
class TokenService {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,100}");
  static final int MAX_RATE = 100_000;

  private final TokenStore store;
  private final Authenticator authenticator;

  TokenService(TokenStore store, Authenticator authenticator) {
    this.store = store;
    this.authenticator = authenticator;
  }

  CreatedToken create(CreateTokenRequest request, Caller creator) {
    validate(request);
    String secret = TokenSecrets.newSecret();
    ApiToken token = new ApiToken(UUID.randomUUID(), request.name(), Role.fromWire(request.role()).wireName(),
        request.requestsPerSecond(), creator.name(), Instant.now(), null);
    store.insert(token, TokenSecrets.sha256(secret));
    return new CreatedToken(token, secret);
  }

  List<ApiToken> list() {
    return store.all();
  }

  ApiToken revoke(UUID id) {
    if (!store.revoke(id, Instant.now())) {
      throw new TokenNotFoundException(id);
    }
    authenticator.forget(id);
    return store.find(id).orElseThrow();
  }

  private static void validate(CreateTokenRequest request) {
    if (request == null) {
      throw new InvalidRequestException(List.of(FieldViolation.of("body", "is required and must be a JSON object", null)));
    }
    List<FieldViolation> violations = new ArrayList<>();
    if (request.name() == null || !NAME.matcher(request.name()).matches()) {
      violations.add(FieldViolation.of("name", "must be 1-100 of A-Za-z0-9._@-", request.name()));
    }
    if (Role.fromWire(request.role()) == null) {
      violations.add(FieldViolation.oneOf("role", request.role(), Role.wireNames()));
    }
    Integer rate = request.requestsPerSecond();
    if (rate != null && (rate < 1 || rate > MAX_RATE)) {
      violations.add(FieldViolation.of("requestsPerSecond", "must be between 1 and " + MAX_RATE, rate));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
  }
}

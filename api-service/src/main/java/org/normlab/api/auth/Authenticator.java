package org.normlab.api.auth;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Finds the caller a secret belongs to: the bootstrap admin token from configuration, or a stored
 * token. Lookups, found or not, are cached for {@code normlab.auth.cache-ttl} so that the submission
 * path costs one SHA-256 and a map lookup, not a database round trip, per request; unknown secrets
 * are cached too, so a client repeating a forged token cannot make every request hit the database.
 */
@Component
public class Authenticator {

  /** Beyond this many cached secrets the cache starts over, so forged tokens cannot fill the heap. */
  private static final int MAX_CACHED = 10_000;

  private final TokenStore store;
  private final byte[] bootstrapHash;
  private final long ttlNanos;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  Authenticator(TokenStore store, AuthProperties properties) {
    this.store = store;
    this.bootstrapHash = properties.bootstrapToken() == null ? null : TokenSecrets.sha256(properties.bootstrapToken());
    this.ttlNanos = properties.cacheTtl().toNanos();
  }

  public Optional<Caller> authenticate(String secret) {
    byte[] hash = TokenSecrets.sha256(secret);
    if (bootstrapHash != null && TokenSecrets.sameHash(hash, bootstrapHash)) {
      return Optional.of(new Caller(null, "bootstrap", Role.ADMIN, null));
    }
    String key = Base64.getEncoder().encodeToString(hash);
    long now = System.nanoTime();
    Cached cached = cache.get(key);
    if (cached != null && now - cached.loadedAt() < ttlNanos) {
      return Optional.ofNullable(cached.caller());
    }
    Optional<Caller> caller = store.findActive(hash);
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(key, new Cached(caller.orElse(null), now));
    return caller;
  }

  /** Drops a revoked token from the cache, so that this instance refuses it from the next request. */
  void forget(UUID tokenId) {
    cache.values().removeIf(c -> c.caller() != null && tokenId.equals(c.caller().tokenId()));
  }

  private record Cached(Caller caller, long loadedAt) {}
}

package org.normlab.api.experiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key} for requests that create an experiment: a retry with the same key and body
 * finds the experiment the first request created; the same key with another body is refused.
 */
@Component
class IdempotencyKeys {

  private final JdbcClient jdbc;

  IdempotencyKeys(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Refuses a malformed header value (null means no key). */
  static void checkHeader(String key) {
    if (key != null && !key.matches("[A-Za-z0-9._:-]{1,200}")) {
      throw new InvalidRequestException(List.of(FieldViolation.of("Idempotency-Key",
          "must be 1-200 letters, digits or . _ : -", key)));
    }
  }

  /**
   * Records that the request with {@code key} created {@code experimentId} (inserted earlier in the
   * caller's transaction), unless an earlier request holds the key: then returns the experiment that
   * one created, and the caller withdraws its own. A concurrent request with the same key waits on the
   * key's primary key until the first commits (it then finds that one's experiment) or rolls back (it
   * then takes the key). One statement in the usual case, no lock held beyond the row.
   *
   * @throws IdempotencyKeyReusedException when the earlier request had another body
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<UUID> claim(String key, String requestSha256, UUID experimentId, Instant now) {
    int taken = jdbc.sql("INSERT INTO idempotency_keys (idempotency_key, request_sha256, experiment_id, created_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING")
        .params(key, requestSha256, experimentId, Timestamp.from(now))
        .update();
    if (taken == 1) {
      return Optional.empty();
    }
    return Optional.of(jdbc.sql("SELECT request_sha256, experiment_id FROM idempotency_keys WHERE idempotency_key = ?")
        .param(key)
        .query((rs, i) -> {
          if (!rs.getString(1).equals(requestSha256)) {
            throw new IdempotencyKeyReusedException(key);
          }
          return rs.getObject(2, UUID.class);
        })
        .single());
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}

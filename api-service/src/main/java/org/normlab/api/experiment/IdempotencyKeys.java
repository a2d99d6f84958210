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
   * The experiment an earlier request with {@code key} created, if any. Holds the key until the
   * caller's transaction ends, so concurrent requests with one key cannot both create.
   *
   * @throws IdempotencyKeyReusedException when the earlier request had another body
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<UUID> claim(String key, String requestSha256) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param(key).query().singleRow();
    return jdbc.sql("SELECT request_sha256, experiment_id FROM idempotency_keys WHERE idempotency_key = ?")
        .param(key)
        .query((rs, i) -> {
          if (!rs.getString(1).equals(requestSha256)) {
            throw new IdempotencyKeyReusedException(key);
          }
          return rs.getObject(2, UUID.class);
        })
        .optional();
  }

  @Transactional(propagation = Propagation.MANDATORY)
  void remember(String key, String requestSha256, UUID experimentId, Instant now) {
    jdbc.sql("INSERT INTO idempotency_keys (idempotency_key, request_sha256, experiment_id, created_at)"
            + " VALUES (?, ?, ?, ?)")
        .params(key, requestSha256, experimentId, Timestamp.from(now))
        .update();
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

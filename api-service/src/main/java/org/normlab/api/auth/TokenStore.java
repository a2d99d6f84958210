package org.normlab.api.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_tokens} table: tokens by the SHA-256 of their secret. */
@Repository
class TokenStore {

  private final JdbcClient jdbc;

  TokenStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(ApiToken token, byte[] secretHash) {
    jdbc.sql("INSERT INTO api_tokens (id, name, role, secret_sha256, requests_per_second, created_by, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(token.id(), token.name(), token.role().toUpperCase(java.util.Locale.ROOT), secretHash,
            token.requestsPerSecond(), token.createdBy(), Timestamp.from(token.createdAt()))
        .update();
  }

  /** The active (unrevoked) token whose secret hashes to {@code hash}. */
  Optional<Caller> findActive(byte[] hash) {
    return jdbc.sql("SELECT id, name, role, secret_sha256, requests_per_second FROM api_tokens"
            + " WHERE secret_sha256 = ? AND revoked_at IS NULL")
        .param(hash)
        .query((rs, n) -> new Row(rs.getBytes("secret_sha256"), new Caller(rs.getObject("id", UUID.class),
            rs.getString("name"), Role.valueOf(rs.getString("role")), (Integer) rs.getObject("requests_per_second"))))
        .list().stream()
        // The index found it by equality; compare again in constant time so that no code path this
        // service controls leaks how much of a forged hash matched.
        .filter(row -> TokenSecrets.sameHash(row.hash(), hash))
        .map(Row::caller)
        .findFirst();
  }

  private record Row(byte[] hash, Caller caller) {}

  List<ApiToken> all() {
    return jdbc.sql("SELECT * FROM api_tokens ORDER BY created_at, id").query(TokenStore::token).list();
  }

  Optional<ApiToken> find(UUID id) {
    return jdbc.sql("SELECT * FROM api_tokens WHERE id = ?").param(id).query(TokenStore::token).optional();
  }

  /** Marks the token revoked (keeping the first revocation time); false when there is no such token. */
  boolean revoke(UUID id, Instant at) {
    return jdbc.sql("UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
        .params(Timestamp.from(at), id).update() == 1;
  }

  private static ApiToken token(ResultSet rs, int row) throws SQLException {
    Timestamp revoked = rs.getTimestamp("revoked_at");
    return new ApiToken(rs.getObject("id", UUID.class), rs.getString("name"),
        Role.valueOf(rs.getString("role")).wireName(), (Integer) rs.getObject("requests_per_second"),
        rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
        revoked == null ? null : revoked.toInstant());
  }
}

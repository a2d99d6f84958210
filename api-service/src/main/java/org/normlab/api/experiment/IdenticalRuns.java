package org.normlab.api.experiment;

import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds an earlier trained run that computes the same thing (same config hash and code version), so
 * that a submission can link it instead of training again. Each lookup is a single probe of a partial
 * index ordered by creation time, whatever number of identical runs are queued or training: this runs
 * on every submission.
 */
@Component
class IdenticalRuns {

  /** The latest completed run: {@code experiments_completed_idx}. */
  static final String COMPLETED = "SELECT id FROM experiments WHERE config_hash = ? AND code_version = ?"
      + " AND origin = 'TRAINED' AND status = 'SUCCEEDED' ORDER BY created_at DESC LIMIT 1";

  /** The latest run that has not failed or been cancelled: {@code experiments_dedup_idx}. */
  static final String LATEST_NOT_FAILED = "SELECT id FROM experiments WHERE config_hash = ? AND code_version = ?"
      + " AND origin = 'TRAINED' AND status NOT IN ('FAILED', 'CANCELLED') ORDER BY created_at DESC LIMIT 1";

  private final JdbcClient jdbc;

  IdenticalRuns(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The latest completed run with this hash under this code version. */
  Optional<UUID> completed(String configHash, String codeVersion) {
    return latest(COMPLETED, configHash, codeVersion);
  }

  /**
   * The latest completed run, else the latest one still queued, training or being evaluated. An
   * advisory lock on the hash first serializes identical concurrent submissions until the caller's
   * transaction ends, so that only one of them queues. (Plain submissions need no lock: they link
   * completed runs only, which no concurrent submission can create.)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<UUID> completedOrInFlight(String configHash, String codeVersion) {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))").param(configHash + "@" + codeVersion)
        .query((rs, i) -> 1).single();
    Optional<UUID> completed = completed(configHash, codeVersion);
    return completed.isPresent() ? completed : latest(LATEST_NOT_FAILED, configHash, codeVersion);
  }

  private Optional<UUID> latest(String sql, String configHash, String codeVersion) {
    return jdbc.sql(sql).params(configHash, codeVersion).query(UUID.class).optional();
  }
}

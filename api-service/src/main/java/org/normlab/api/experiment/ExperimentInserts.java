package org.normlab.api.experiment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a new experiment row with one plain INSERT. Submission is the API's hot path, and
 * Hibernate's persist-and-flush of the 40-column entity took a quarter of a request's CPU in
 * {@code bin/bench submissions}, several times the statement itself. The entity stays the single
 * description of the row: the values come from {@link Experiment#columnValues()}, and the row is read
 * back through JPA as usual.
 */
@Component
class ExperimentInserts {

  private final JdbcClient jdbc;
  private final IdempotencyKeys idempotencyKeys;

  ExperimentInserts(JdbcClient jdbc, IdempotencyKeys idempotencyKeys) {
    this.jdbc = jdbc;
    this.idempotencyKeys = idempotencyKeys;
  }

  /**
   * Inserts the experiment, unless a request with the same {@code idempotencyKey} came first: then
   * nothing is inserted and the earlier request's experiment id is returned.
   *
   * @param idempotencyKey null for a request without one
   * @param requestSha256 the request body's hash (null without a key)
   * @throws IdempotencyKeyReusedException when the earlier request had another body
   */
  @Transactional(propagation = Propagation.MANDATORY)
  Optional<UUID> insertOnce(Experiment experiment, String idempotencyKey, String requestSha256) {
    insert(experiment);
    if (idempotencyKey == null) {
      return Optional.empty();
    }
    Optional<UUID> earlier =
        idempotencyKeys.claim(idempotencyKey, requestSha256, experiment.getId(), experiment.getCreatedAt());
    if (earlier.isPresent()) {
      jdbc.sql("DELETE FROM experiments WHERE id = ?").param(experiment.getId()).update();
    }
    return earlier;
  }

  /**
   * Inserts the entity's non-null columns; the others are NULL by the schema. (Binding a null of
   * unknown type would make the JDBC template ask the driver for parameter metadata, a round trip.)
   */
  @Transactional(propagation = Propagation.MANDATORY)
  void insert(Experiment experiment) {
    Map<String, Object> columns = new LinkedHashMap<>(experiment.columnValues());
    columns.values().removeIf(Objects::isNull);
    jdbc.sql("INSERT INTO experiments (" + String.join(", ", columns.keySet()) + ") VALUES ("
            + columns.keySet().stream().map(c -> ":" + c).collect(Collectors.joining(", ")) + ")")
        .params(columns)
        .update();
  }
}

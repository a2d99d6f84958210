package org.normlab.api.dataset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code datasets} table (V10). */
@Repository
class DatasetStore {

  private static final String COLUMNS = "name, task, num_classes, description, source, updated_by, updated_at,"
      + " retired_at";

  private final JdbcClient jdbc;

  DatasetStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Adds a configured dataset, or brings a row that still follows the configuration up to date; a
   * row an admin has touched is left alone. Safe when several instances start at once.
   */
  void seed(String name, String task, int numClasses, String description) {
    jdbc.sql("INSERT INTO datasets (name, task, num_classes, description, source, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?, 'CONFIGURATION', now(), now())"
            + " ON CONFLICT (name) DO UPDATE SET task = EXCLUDED.task, num_classes = EXCLUDED.num_classes,"
            + " description = EXCLUDED.description, updated_at = now()"
            + " WHERE datasets.source = 'CONFIGURATION' AND (datasets.task, datasets.num_classes, datasets.description)"
            + " IS DISTINCT FROM (EXCLUDED.task, EXCLUDED.num_classes, EXCLUDED.description)")
        .params(name, task, numClasses, description)
        .update();
  }

  List<Dataset> all() {
    return jdbc.sql("SELECT " + COLUMNS + " FROM datasets ORDER BY name").query(DatasetStore::dataset).list();
  }

  Optional<Dataset> find(String name) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM datasets WHERE name = ?").param(name)
        .query(DatasetStore::dataset).optional();
  }

  /** False when a dataset of that name exists already (retired or not). */
  boolean insert(String name, String task, int numClasses, String description, String by) {
    return jdbc.sql("INSERT INTO datasets (name, task, num_classes, description, source, updated_by, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, 'ADMIN', ?, now(), now()) ON CONFLICT (name) DO NOTHING")
        .params(name, task, numClasses, description, by)
        .update() == 1;
  }

  /** False when there is no such dataset. */
  boolean update(String name, String task, int numClasses, String description, String by) {
    return jdbc.sql("UPDATE datasets SET task = ?, num_classes = ?, description = ?, source = 'ADMIN',"
            + " updated_by = ?, updated_at = now() WHERE name = ?")
        .params(task, numClasses, description, by, name)
        .update() == 1;
  }

  /** Retires (keeping the first retirement time) or reinstates; false when there is no such dataset. */
  boolean setRetired(String name, boolean retired, String by) {
    return jdbc.sql("UPDATE datasets SET retired_at = CASE WHEN ? THEN COALESCE(retired_at, now()) END,"
            + " source = 'ADMIN', updated_by = ?, updated_at = now() WHERE name = ?")
        .params(retired, by, name)
        .update() == 1;
  }

  private static Dataset dataset(ResultSet rs, int row) throws SQLException {
    Timestamp retired = rs.getTimestamp("retired_at");
    return new Dataset(rs.getString("name"), rs.getString("task"), rs.getInt("num_classes"),
        rs.getString("description"), rs.getString("source").toLowerCase(Locale.ROOT), rs.getString("updated_by"),
        rs.getTimestamp("updated_at").toInstant(), retired == null ? null : retired.toInstant());
  }
}

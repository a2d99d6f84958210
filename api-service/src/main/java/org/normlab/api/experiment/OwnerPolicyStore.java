package org.normlab.api.experiment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code owner_policies} table (V11): owners an admin has given a policy. */
@Repository
class OwnerPolicyStore {

  private final JdbcClient jdbc;

  OwnerPolicyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<OwnerPolicy> all() {
    return jdbc.sql("SELECT * FROM owner_policies ORDER BY owner").query(OwnerPolicyStore::policy).list();
  }

  void upsert(String owner, double weight, Priority maxPriority, String by) {
    jdbc.sql("INSERT INTO owner_policies (owner, weight, max_priority, updated_by, updated_at)"
            + " VALUES (?, ?, ?, ?, now()) ON CONFLICT (owner) DO UPDATE SET weight = EXCLUDED.weight,"
            + " max_priority = EXCLUDED.max_priority, updated_by = EXCLUDED.updated_by, updated_at = now()")
        .params(owner, weight, maxPriority.weight(), by)
        .update();
  }

  boolean delete(String owner) {
    return jdbc.sql("DELETE FROM owner_policies WHERE owner = ?").param(owner).update() == 1;
  }

  private static OwnerPolicy policy(ResultSet rs, int row) throws SQLException {
    return new OwnerPolicy(rs.getString("owner"), rs.getDouble("weight"), Priority.ofWeight(rs.getInt("max_priority")),
        true, rs.getString("updated_by"), rs.getTimestamp("updated_at").toInstant());
  }
}

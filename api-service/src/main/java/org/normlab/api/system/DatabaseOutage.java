package org.normlab.api.system;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure means the database is unreachable or went away (a restart, a failover) rather
 * than that something is wrong with the work itself. One definition for the REST answers (503,
 * retry) and the Kafka consumers (retry the record until the database is back, never dead-letter
 * it).
 */
public final class DatabaseOutage {

  private DatabaseOutage() {}

  /** True when {@code e} or any cause is a connection-level failure. */
  public static boolean isCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DataAccessResourceFailureException
          || t instanceof TransientDataAccessException
          || t instanceof CannotCreateTransactionException
          || t instanceof SQLTransientException
          || t instanceof ConnectException
          || (t instanceof SQLException sql && isConnectionState(sql.getSQLState()))
          || isFailedRollback(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * A rollback that failed in JDBC: the connection is gone (HikariCP's "Connection is closed" has no
   * SQLSTATE), so nothing was committed, and Spring reports this instead of the first error.
   */
  private static boolean isFailedRollback(Throwable t) {
    return t instanceof org.hibernate.TransactionException && t.getCause() instanceof SQLException;
  }

  /**
   * SQLSTATE class 08 (connection exception) and 57P01-57P03 (the server shut down or is starting):
   * e.g. a rollback on a connection the restart closed fails with 08003 and hides the first error.
   */
  private static boolean isConnectionState(String state) {
    return state != null && (state.startsWith("08") || state.startsWith("57P0"));
  }
}

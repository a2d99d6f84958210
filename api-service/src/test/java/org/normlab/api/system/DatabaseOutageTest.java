package org.normlab.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;

class DatabaseOutageTest {

  @Test
  void aRollbackOnAConnectionTheRestartClosedIsAnOutage() {
    // What Hibernate throws when it cannot roll back: the first error is hidden behind it.
    SQLException closed = new SQLException("This connection has been closed.", "08003");
    assertThat(DatabaseOutage.isCause(new JpaSystemException(new RuntimeException("Unable to rollback", closed))))
        .isTrue();
  }

  /**
   * The chain a submission saw when PostgreSQL restarted under it (PlatformFaultToleranceIT): the
   * server's termination is lost behind the rollback's failure on the closed pooled connection.
   */
  @Test
  void hibernatesFailedRollbackAfterTheServerTerminatedTheConnectionIsAnOutage() {
    PSQLException terminated = new PSQLException(new ServerErrorMessage(
        "SFATAL\0C57P01\0Mterminating connection due to administrator command\0"));
    SQLException closed = new SQLException("Connection is closed"); // HikariCP's, no SQLSTATE
    JpaSystemException rollback = new JpaSystemException(
        new org.hibernate.TransactionException("Unable to rollback against JDBC Connection", closed));
    assertThat(DatabaseOutage.isCause(rollback)).isTrue();
    assertThat(DatabaseOutage.isCause(terminated)).isTrue();
  }

  @Test
  void theServerShuttingDownAndRefusedConnectionsAreOutages() {
    assertThat(DatabaseOutage.isCause(new SQLException("terminating connection due to administrator command",
        "57P01"))).isTrue();
    assertThat(DatabaseOutage.isCause(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
  }

  @Test
  void aConstraintViolationIsNotAnOutage() {
    SQLException duplicate = new SQLException("duplicate key value", "23505");
    assertThat(DatabaseOutage.isCause(new DataIntegrityViolationException("dup", duplicate))).isFalse();
    assertThat(DatabaseOutage.isCause(new IllegalStateException("bug"))).isFalse();
  }
}

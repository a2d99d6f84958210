package org.normlab.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
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

package org.normlab.api.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import org.normlab.contracts.Versioned;
import org.normlab.contracts.codec.ContractCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Appends a message to the outbox inside the caller's transaction; the relay publishes it later. */
@Component
public class OutboxWriter {

  private final JdbcClient jdbc;

  OutboxWriter(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  public void append(String topic, String key, Versioned message) {
    jdbc.sql("INSERT INTO outbox_messages (topic, message_key, payload, created_at) VALUES (?, ?, ?, ?)")
        .params(topic, key, ContractCodec.encode(message), Timestamp.from(Instant.now()))
        .update();
  }
}

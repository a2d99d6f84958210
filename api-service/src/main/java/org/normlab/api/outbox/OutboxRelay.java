package org.normlab.api.outbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka in id order and marks them published. Rows are locked with SKIP
 * LOCKED, so several API replicas can relay side by side; a row is marked only after the broker
 * acknowledged it, so a crash re-sends (at-least-once) and never drops.
 */
@Component
class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final JdbcClient jdbc;
  private final KafkaTemplate<String, String> kafka;
  private final TransactionTemplate tx;
  private final int batchSize;

  OutboxRelay(
      JdbcClient jdbc,
      KafkaTemplate<String, String> kafka,
      TransactionTemplate tx,
      @Value("${normlab.outbox.batch-size:200}") int batchSize) {
    this.jdbc = jdbc;
    this.kafka = kafka;
    this.tx = tx;
    this.batchSize = batchSize;
  }

  private record Pending(long id, String topic, String key, String payload) {}

  @Scheduled(fixedDelayString = "${normlab.outbox.poll-interval:100ms}")
  void relay() {
    try {
      Integer sent;
      do {
        sent = tx.execute(status -> relayBatch());
      } while (sent != null && sent == batchSize);
    } catch (RuntimeException e) {
      log.warn("Outbox relay pass failed; will retry: {}", e.toString());
    }
  }

  private int relayBatch() {
    List<Pending> batch =
        jdbc.sql("SELECT id, topic, message_key, payload FROM outbox_messages WHERE published_at IS NULL"
                + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")
            .param(batchSize)
            .query((rs, i) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
            .list();
    if (batch.isEmpty()) {
      return 0;
    }
    var sends = batch.stream().map(p -> kafka.send(p.topic(), p.key(), p.payload())).toList();
    for (var send : sends) {
      try {
        send.get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while publishing the outbox", e);
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException("Kafka did not acknowledge an outbox message", e);
      }
    }
    Timestamp now = Timestamp.from(Instant.now());
    jdbc.sql("UPDATE outbox_messages SET published_at = :now WHERE id IN (:ids)")
        .param("now", now)
        .param("ids", batch.stream().map(Pending::id).toList())
        .update();
    return batch.size();
  }
}

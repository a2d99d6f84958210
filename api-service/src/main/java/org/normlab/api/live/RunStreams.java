package org.normlab.api.live;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.normlab.api.experiment.RunUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open live streams of this API instance, per run. A {@link RunUpdate} is sent once the
 * transaction that stored it commits, so a client never sees a point the database does not hold.
 * Sending happens on one thread of its own: a slow browser delays other streams, never ingestion.
 * Each instance streams what it ingests; with several API replicas a client sees the updates of
 * the replica that consumes the run's partition (see docs/dashboard.md).
 */
@Component
class RunStreams {

  private static final Logger log = LoggerFactory.getLogger(RunStreams.class);

  private final Map<UUID, Set<SseEmitter>> byRun = new ConcurrentHashMap<>();
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "run-streams");
    t.setDaemon(true);
    return t;
  });
  private final Duration timeout;

  RunStreams(@Value("${normlab.stream.timeout:PT30M}") Duration timeout) {
    this.timeout = timeout;
  }

  /** Opens a stream for the run; it ends after the timeout, and EventSource reconnects by itself. */
  SseEmitter open(UUID runId) {
    SseEmitter emitter = new SseEmitter(timeout.toMillis());
    Set<SseEmitter> streams = byRun.computeIfAbsent(runId, id -> ConcurrentHashMap.newKeySet());
    streams.add(emitter);
    Runnable remove = () -> close(runId, emitter);
    emitter.onCompletion(remove);
    emitter.onTimeout(remove);
    emitter.onError(e -> remove.run());
    return emitter;
  }

  int openStreams(UUID runId) {
    return byRun.getOrDefault(runId, Set.of()).size();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void onUpdate(RunUpdate update) {
    Set<SseEmitter> streams = byRun.get(update.runId());
    if (streams == null || streams.isEmpty()) {
      return;
    }
    sender.execute(() -> {
      for (SseEmitter emitter : streams) {
        send(update.runId(), emitter, SseEmitter.event().name(update.kind()).data(update, MediaType.APPLICATION_JSON));
      }
    });
  }

  /** A comment line now and then keeps idle connections open through proxies and finds dead clients. */
  @Scheduled(fixedDelayString = "${normlab.stream.keep-alive:PT15S}")
  void keepAlive() {
    sender.execute(() -> byRun.forEach((runId, streams) -> {
      for (SseEmitter emitter : streams) {
        send(runId, emitter, SseEmitter.event().comment("keep-alive"));
      }
    }));
  }

  /**
   * Ends every stream when the application stops, before Tomcat's graceful shutdown waits for open
   * requests: a stream never ends by itself, so shutdown would otherwise wait its whole timeout.
   * Browsers reconnect to another instance.
   */
  @EventListener(ContextClosedEvent.class)
  void completeAll() {
    byRun.values().forEach(streams -> streams.forEach(SseEmitter::complete));
    byRun.clear();
  }

  private void send(UUID runId, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
    try {
      emitter.send(event);
    } catch (IOException | IllegalStateException e) {
      log.debug("Stream of run {} closed: {}", runId, e.getMessage());
      close(runId, emitter);
    }
  }

  private void close(UUID runId, SseEmitter emitter) {
    byRun.computeIfPresent(runId, (id, streams) -> {
      streams.remove(emitter);
      return streams.isEmpty() ? null : streams;
    });
  }
}

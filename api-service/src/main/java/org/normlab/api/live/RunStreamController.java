package org.normlab.api.live;

import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.normlab.api.experiment.ExperimentService;
import org.normlab.api.experiment.ExperimentView;
import org.normlab.api.experiment.RunUpdate;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/experiments/{id}/stream}: a run's live progress as server-sent events. The
 * first event is a {@code status} snapshot; then one {@code metric} event per ingested PROGRESS point
 * and one {@code status} event per status change. Points that were stored before the stream opened
 * are read from {@code /metrics}; a client opens the stream first and merges by iteration.
 */
@RestController
class RunStreamController {

  private final ExperimentService experiments;
  private final RunStreams streams;

  RunStreamController(ExperimentService experiments, RunStreams streams) {
    this.experiments = experiments;
    this.streams = streams;
  }

  @GetMapping(path = "/api/v1/experiments/{id}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(@PathVariable UUID id) throws IOException {
    ExperimentView run = experiments.get(id); // 404 problem for an unknown run, before the stream opens
    SseEmitter emitter = streams.open(id);
    RunUpdate snapshot = new RunUpdate(run.id(), "SNAPSHOT", run.status(), run.attempt(), null,
        run.checkpointUri(), run.failure(), Instant.now());
    emitter.send(SseEmitter.event().name(snapshot.kind()).data(snapshot, MediaType.APPLICATION_JSON));
    return emitter;
  }
}

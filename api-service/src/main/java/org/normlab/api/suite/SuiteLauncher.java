package org.normlab.api.suite;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.normlab.api.dataset.DatasetRegistry;
import org.normlab.api.experiment.CreateExperimentRequest;
import org.normlab.api.experiment.ExperimentService;
import org.normlab.api.system.InvalidRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Launches a suite: records the launch, then submits each runnable row whose dataset is
 * registered, through the ordinary submission (so deduplication links runs that already computed
 * the same thing, unless forced). Each row is its own transaction: one invalid row does not stop
 * the others, and the launch shows what happened to each.
 */
@Component
class SuiteLauncher {

  enum Trigger { REST, SCHEDULE }

  private static final Logger log = LoggerFactory.getLogger(SuiteLauncher.class);
  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final JdbcClient jdbc;
  private final ExperimentService experiments;
  private final DatasetRegistry datasets;

  SuiteLauncher(JdbcClient jdbc, ExperimentService experiments, DatasetRegistry datasets) {
    this.jdbc = jdbc;
    this.experiments = experiments;
    this.datasets = datasets;
  }

  /**
   * Launches {@code suite}. A scheduled launch names its cron slot; a slot already launched (by
   * this or another API instance) launches nothing and answers empty.
   */
  Optional<UUID> launch(Suite suite, Trigger trigger, Instant scheduledFor, boolean force) {
    UUID id = UUID.randomUUID();
    int inserted = jdbc.sql("INSERT INTO suite_launches (id, suite, trigger, scheduled_for, forced, launched_at)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .params(id, suite.name(), trigger.name(), scheduledFor == null ? null : Timestamp.from(scheduledFor), force,
            Timestamp.from(Instant.now()))
        .update();
    if (inserted == 0) {
      return Optional.empty();
    }
    int position = 0;
    for (Suite.Row row : suite.rows()) {
      Outcome outcome = submit(suite, row, force);
      jdbc.sql("INSERT INTO suite_launch_rows (launch_id, position, row_id, disposition, experiment_id,"
              + " deduplicated, note) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .params(id, position++, row.id(), outcome.disposition().name(), outcome.experimentId(),
              outcome.disposition() == Disposition.DEDUPLICATED, outcome.note())
          .update();
    }
    log.info("Launched suite {} ({}) as {}", suite.name(), trigger, id);
    return Optional.of(id);
  }

  private record Outcome(Disposition disposition, UUID experimentId, String note) {}

  private Outcome submit(Suite suite, Suite.Row row, boolean force) {
    if (!row.runnable()) {
      return new Outcome(Disposition.NOT_RUNNABLE, null, row.notRunnableReason());
    }
    Map<String, Object> body = suite.experimentOf(row);
    Object dataset = body.get("dataset");
    if (dataset == null || datasets.findActive(dataset.toString()).isEmpty()) {
      return new Outcome(Disposition.DATASET_NOT_REGISTERED, null, "dataset '" + dataset
          + "' is not registered on this server, or retired; registered: " + String.join(", ", datasets.activeNames()));
    }
    body.put("force", force);
    try {
      CreateExperimentRequest request = STRICT.convertValue(body, CreateExperimentRequest.class);
      ExperimentService.SubmissionResult result = experiments.submit(request, null, true);
      return new Outcome(result.deduplicated() ? Disposition.DEDUPLICATED : Disposition.SUBMITTED,
          result.experiment().id(), null);
    } catch (InvalidRequestException e) {
      return new Outcome(Disposition.INVALID, null, e.violations().stream()
          .map(v -> v.field() + ": " + v.message()).collect(Collectors.joining("; ")));
    } catch (JacksonException e) {
      return new Outcome(Disposition.INVALID, null, e.getOriginalMessage());
    }
  }
}

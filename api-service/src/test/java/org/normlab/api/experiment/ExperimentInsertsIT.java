package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.RecipeSpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The submission path's plain INSERT writes exactly the row Hibernate would have written. */
class ExperimentInsertsIT extends ApiIntegrationTest {

  private static final Instant NOW = Instant.parse("2026-11-23T16:30:00.123456Z");

  @Autowired ExperimentInserts inserts;
  @Autowired ExperimentRepository repository;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;
  @Autowired EntityManagerFactory entityManagers;

  @Test
  void everyPersistentFieldOfTheEntityHasAColumnValue() {
    Set<String> columns = entityManagers.getMetamodel().entity(Experiment.class).getAttributes().stream()
        .map(attribute -> attribute.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT))
        .collect(Collectors.toSet());

    Experiment any = Experiment.queued(UUID.randomUUID(), spec(1, null), "{}",
        new Scheduling(Priority.NORMAL, Scheduling.DEFAULT_OWNER, 3), NOW);
    assertThat(any.columnValues().keySet()).containsExactlyInAnyOrderElementsOf(columns);
  }

  @Test
  void aQueuedRunInsertedDirectlyEqualsTheOnePersistedByJpaInEveryColumn() {
    assertSameRows(id -> Experiment.queued(id, spec(12, null), "{\"name\":\"a\"}",
        new Scheduling(Priority.HIGH, "ana", 5), NOW));
  }

  @Test
  void aPretrainedEntryWithItsCheckpointAndSourceIsWrittenAlikeToo() {
    assertSameRows(id -> Experiment.pretrained(id, spec(null, 3), "{}",
        new CheckpointRef("file:///store/pretrained/w.npz", "ab".repeat(32), 90, 450_000, 102_400), "IBN-Net", NOW));
  }

  /** Both rows are compared inside one rolled-back transaction, so no scheduler ever sees them. */
  private void assertSameRows(Function<UUID, Experiment> build) {
    transactions.executeWithoutResult(status -> {
      UUID direct = UUID.randomUUID();
      UUID viaJpa = UUID.randomUUID();
      inserts.insert(build.apply(direct));
      repository.saveAndFlush(build.apply(viaJpa));

      Map<String, Object> directRow = rowWithoutId(direct);
      Map<String, Object> jpaRow = rowWithoutId(viaJpa);
      assertThat(directRow).isEqualTo(jpaRow);
      status.setRollbackOnly();
    });
  }

  private Map<String, Object> rowWithoutId(UUID id) {
    Map<String, Object> row = new HashMap<>(jdbc.sql("SELECT * FROM experiments WHERE id = ?").param(id)
        .query().singleRow());
    row.remove("id");
    return row;
  }

  private static ExperimentSpec spec(Integer iterations, Integer epochs) {
    return new ExperimentSpec("inserted", Task.CLASSIFICATION, "fashion-mnist", "resnet10", "gn:8", 16, 8, 32, epochs,
        iterations, new OptimizerSpec(0.1, 0.9, 1e-4, true, null), 42,
        new RecipeSpec("fashion-mnist-demo", 0.1, 0.2, null, null));
  }
}

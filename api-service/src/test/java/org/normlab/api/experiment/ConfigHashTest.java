package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.RecipeSpec;

/**
 * The config hash is stored with every run and compared across versions of the API: its canonical
 * form is pinned here, so that a change to it is a decision (a migration of stored hashes), not an
 * accident that silently stops linking identical runs.
 */
class ConfigHashTest {

  private static final ExperimentSpec SPEC = new ExperimentSpec("pinned", Task.CLASSIFICATION, "fashion-mnist",
      "resnet10", "gn:8", 16, 8, 32, null, 200, new OptimizerSpec(0.1, 0.9, 1e-4, true, null), 42,
      new RecipeSpec("fashion-mnist-demo", 0.1, 0.2, null, null), null, 2, List.of("a", "b"));

  @Test
  void theCanonicalFormSortsKeysDropsNullsAndLeavesOutNameAndTags() {
    assertThat(ConfigHash.canonical(SPEC)).isEqualTo(PINNED_CANONICAL);
  }

  @Test
  void theHashIsTheSha256OfTheCanonicalForm() {
    // python3 -c "import hashlib; print(hashlib.sha256(CANONICAL.encode()).hexdigest())"
    assertThat(ConfigHash.of(SPEC)).isEqualTo("1cb7894920ebbe5ebf876b7c9d3b03a6b733e9b06c48053cfb45b205f66a7826");
  }

  @Test
  void renamingOrRetaggingARunKeepsItsHash() {
    ExperimentSpec renamed = new ExperimentSpec("another-name", SPEC.task(), SPEC.dataset(), SPEC.backbone(),
        SPEC.norm(), SPEC.baseWidth(), SPEC.normBatchSize(), SPEC.batchSize(), SPEC.epochs(), SPEC.iterations(),
        SPEC.optimizer(), SPEC.seed(), SPEC.recipe(), SPEC.initializeFrom(), SPEC.replicas(), List.of("c"));

    assertThat(ConfigHash.of(renamed)).isEqualTo(ConfigHash.of(SPEC));
  }

  @Test
  void anyConfigurationFieldChangesTheHash() {
    ExperimentSpec otherSeed = new ExperimentSpec(SPEC.name(), SPEC.task(), SPEC.dataset(), SPEC.backbone(),
        SPEC.norm(), SPEC.baseWidth(), SPEC.normBatchSize(), SPEC.batchSize(), SPEC.epochs(), SPEC.iterations(),
        SPEC.optimizer(), 43, SPEC.recipe(), SPEC.initializeFrom(), SPEC.replicas(), SPEC.tags());
    ExperimentSpec otherNorm = new ExperimentSpec(SPEC.name(), SPEC.task(), SPEC.dataset(), SPEC.backbone(),
        "bn", SPEC.baseWidth(), SPEC.normBatchSize(), SPEC.batchSize(), SPEC.epochs(), SPEC.iterations(),
        SPEC.optimizer(), SPEC.seed(), SPEC.recipe(), SPEC.initializeFrom(), SPEC.replicas(), SPEC.tags());

    assertThat(ConfigHash.of(otherSeed)).isNotEqualTo(ConfigHash.of(SPEC));
    assertThat(ConfigHash.of(otherNorm)).isNotEqualTo(ConfigHash.of(SPEC)).isNotEqualTo(ConfigHash.of(otherSeed));
  }

  private static final String PINNED_CANONICAL = "{\"backbone\":\"resnet10\",\"baseWidth\":16,\"batchSize\":32,"
      + "\"dataset\":\"fashion-mnist\",\"iterations\":200,\"norm\":\"gn:8\",\"normBatchSize\":8,"
      + "\"optimizer\":{\"lr\":0.1,\"momentum\":0.9,\"nesterov\":true,\"schedule\":{\"gamma\":1.0,\"milestones\":[],"
      + "\"type\":\"constant\",\"warmupFactor\":0.3333333333333333,\"warmupIterations\":0},\"weightDecay\":1.0E-4},"
      + "\"recipe\":{\"augmentation\":\"none\",\"dropout\":0.2,\"labelSmoothing\":0.1,\"name\":\"fashion-mnist-demo\","
      + "\"validation\":\"none\"},\"replicas\":2,\"seed\":42,\"task\":\"classification\"}";
}

package org.normlab.api.experiment;

import java.util.List;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.RecipeSpec;
import org.springframework.transaction.support.TransactionTemplate;

/** For tests that write experiment rows straight to the table, out of every scheduler's sight. */
final class RowFixtures {

  private RowFixtures() {}

  /** A small classification spec; specs differing only in name share a config hash. */
  static ExperimentSpec spec(String name) {
    return new ExperimentSpec(name, Task.CLASSIFICATION, "fashion-mnist", "resnet10", "bn", 8, 16, 32, null, 20,
        new OptimizerSpec(0.05, 0.9, 1e-4, false, null), 1, new RecipeSpec("fashion-mnist-demo", 0.0, 0.0, null, null),
        null, 1, List.of());
  }

  /** Runs {@code body} in a transaction that is rolled back: no other connection sees its rows. */
  static void inRolledBackTransaction(TransactionTemplate transactions, Runnable body) {
    transactions.executeWithoutResult(status -> {
      body.run();
      status.setRollbackOnly();
    });
  }
}

package org.normlab.api.experiment;

import java.util.Locale;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.RecipeSpec;
import org.normlab.contracts.run.ScheduleSpec;

/** A stored spec written back as the request that produces it (for retrain to override). */
final class SpecRequests {

  private SpecRequests() {}

  static CreateExperimentRequest of(ExperimentSpec s) {
    OptimizerSpec o = s.optimizer();
    ScheduleSpec sc = o.schedule();
    RecipeSpec r = s.training();
    var schedule = new CreateExperimentRequest.ScheduleRequest(lower(sc.type()), sc.milestones(), sc.gamma(),
        sc.warmupIterations(), sc.warmupFactor());
    var optimizer = new CreateExperimentRequest.OptimizerRequest(o.lr(), o.momentum(), o.weightDecay(), o.nesterov(),
        schedule);
    return new CreateExperimentRequest(s.name(), lower(s.task()), s.dataset(), s.backbone(), s.norm(), s.baseWidth(),
        s.normBatchSize(), s.batchSize(), s.epochs(), s.iterations(), optimizer, s.seed(), null, null, null, r.name(),
        r.labelSmoothing(), r.dropout(), lower(r.augmentation()), lower(r.validation()));
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** A request that sets nothing. */
  static CreateExperimentRequest empty() {
    return new CreateExperimentRequest(null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null);
  }

  /** {@code r} with another name and recipe. */
  static CreateExperimentRequest named(CreateExperimentRequest r, String name, String recipe) {
    return new CreateExperimentRequest(name, r.task(), r.dataset(), r.backbone(), r.norm(), r.baseWidth(),
        r.normBatchSize(), r.batchSize(), r.epochs(), r.iterations(), r.optimizer(), r.seed(), r.priority(), r.owner(),
        r.maxRestarts(), recipe, r.labelSmoothing(), r.dropout(), r.augmentation(), r.validation());
  }
}

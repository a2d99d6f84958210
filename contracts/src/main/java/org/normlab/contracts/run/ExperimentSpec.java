package org.normlab.contracts.run;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.normlab.contracts.model.Task;

/**
 * A validated experiment: what to train, on what, for how long. The API builds it from a request
 * after checking every field; workers receive it unchanged.
 *
 * @param normBatchSize samples per normalization group inside each SGD batch (divides batchSize)
 * @param epochs training length in passes over the train split, or null when {@code iterations} is set
 * @param iterations training length in SGD steps, or null when {@code epochs} is set
 * @param baseWidth channels of the backbone's first stage (64 in the papers; smaller for CPU runs)
 * @param tags short labels for finding runs again (leaderboard filter); never part of the config hash
 */
public record ExperimentSpec(
    String name,
    Task task,
    String dataset,
    String backbone,
    String norm,
    int baseWidth,
    int normBatchSize,
    int batchSize,
    Integer epochs,
    Integer iterations,
    OptimizerSpec optimizer,
    long seed,
    List<String> tags) {

  /** At most this many tags, each 1-40 of {@code a-z0-9._:-} (lowercase, so filters match exactly). */
  public static final int MAX_TAGS = 16;

  public static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._:-]{0,39}");

  public ExperimentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(norm, "norm");
    Objects.requireNonNull(optimizer, "optimizer");
    tags = tags == null ? List.of() : List.copyOf(tags);
    if (tags.size() > MAX_TAGS || !tags.stream().allMatch(t -> TAG.matcher(t).matches())) {
      throw new IllegalArgumentException("tags: at most " + MAX_TAGS + " of " + TAG.pattern() + ", got " + tags);
    }
    if (baseWidth < 1 || normBatchSize < 1 || batchSize < 1) {
      throw new IllegalArgumentException("baseWidth, normBatchSize and batchSize must be positive");
    }
    if (batchSize % normBatchSize != 0) {
      throw new IllegalArgumentException("normBatchSize must divide batchSize");
    }
    if ((epochs == null) == (iterations == null)) {
      throw new IllegalArgumentException("exactly one of epochs and iterations must be set");
    }
    if ((epochs != null && epochs < 1) || (iterations != null && iterations < 1)) {
      throw new IllegalArgumentException("epochs and iterations must be positive");
    }
  }
}

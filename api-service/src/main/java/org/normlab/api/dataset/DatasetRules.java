package org.normlab.api.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.normlab.api.system.FieldViolation;
import org.normlab.contracts.model.Task;

/**
 * What a dataset entry may hold. A name is a key that workers look up in their configuration, never
 * a path: no separators, no {@code ..}, no whitespace. The same rules apply to the configuration's
 * entries, so a bad configured name stops the service at start rather than reaching a worker.
 */
final class DatasetRules {

  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final int MAX_CLASSES = 100_000;
  static final int MAX_DESCRIPTION = 500;
  static final List<String> TASKS =
      Arrays.stream(Task.values()).map(t -> t.name().toLowerCase(Locale.ROOT)).toList();

  private DatasetRules() {}

  static boolean validName(String name) {
    return name != null && NAME.matcher(name).matches() && !name.contains("..");
  }

  /** Every violation of {@code request}, with {@code name} as the name it is stored under. */
  static List<FieldViolation> violations(String name, DatasetRequest request) {
    List<FieldViolation> violations = new ArrayList<>();
    if (!validName(name)) {
      violations.add(FieldViolation.of("name",
          "must be 1-64 of A-Za-z0-9 . _ - starting with a letter or digit, without '..' (a name, never a path)",
          name));
    }
    String task = request.task() == null ? null : request.task().toLowerCase(Locale.ROOT);
    if (!TASKS.contains(task)) {
      violations.add(FieldViolation.oneOf("task", request.task(), TASKS));
    }
    Integer classes = request.numClasses();
    if (classes == null || classes < 1 || classes > MAX_CLASSES) {
      violations.add(FieldViolation.of("numClasses",
          classes == null ? "is required" : "must be between 1 and " + MAX_CLASSES, classes));
    }
    String description = request.description();
    if (description != null
        && (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(Character::isISOControl))) {
      violations.add(FieldViolation.of("description",
          "must be at most " + MAX_DESCRIPTION + " characters without control characters", description));
    }
    return violations;
  }
}

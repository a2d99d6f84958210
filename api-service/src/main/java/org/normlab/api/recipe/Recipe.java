package org.normlab.api.recipe;

import java.util.List;
import java.util.Objects;
import org.normlab.api.experiment.CreateExperimentRequest;

/**
 * A named training recipe: the settings a request that names it starts from, where they come from
 * in the papers' code, and how we knowingly differ.
 *
 * @param settings request fields this recipe presets; the request overrides any of them
 * @param sources the papers' files the settings were read from (seeds-spec section F)
 * @param deviations each deliberate difference from the source, and why
 */
public record Recipe(
    String name,
    String description,
    List<String> sources,
    List<String> deviations,
    CreateExperimentRequest settings) {

  public Recipe {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(settings, "settings");
    sources = sources == null ? List.of() : List.copyOf(sources);
    deviations = deviations == null ? List.of() : List.copyOf(deviations);
  }
}

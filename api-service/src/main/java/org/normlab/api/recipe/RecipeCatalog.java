package org.normlab.api.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.normlab.api.experiment.CreateExperimentRequest;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training recipes, one JSON file each under {@code recipes/} on the classpath, by name. A file
 * with an unknown field, a name that does not match its file, or settings that are not training
 * settings stops the service from starting rather than resolving specs wrongly.
 */
@Component
public class RecipeCatalog {

  private static final String LOCATION = "classpath*:recipes/*.json";
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final TreeMap<String, Recipe> byName = new TreeMap<>();

  public RecipeCatalog() {
    try {
      for (Resource resource : new PathMatchingResourcePatternResolver().getResources(LOCATION)) {
        Recipe recipe = read(resource);
        if (byName.put(recipe.name(), recipe) != null) {
          throw new IllegalStateException("Two recipe files define " + recipe.name());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + LOCATION, e);
    }
  }

  public Optional<Recipe> find(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  /** Recipe names in natural order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Recipe> all() {
    return List.copyOf(byName.values());
  }

  private static Recipe read(Resource resource) throws IOException {
    String file = resource.getFilename();
    Recipe recipe;
    try (InputStream in = resource.getInputStream()) {
      recipe = JSON.readValue(in, Recipe.class);
    } catch (JacksonException e) {
      throw new IllegalStateException("Recipe file " + file + " is invalid: " + e.getOriginalMessage(), e);
    }
    if (!(recipe.name() + ".json").equals(file)) {
      throw new IllegalStateException("Recipe file " + file + " names itself " + recipe.name());
    }
    List<String> notTraining = new ArrayList<>();
    CreateExperimentRequest s = recipe.settings();
    addIf(notTraining, s.name() != null, "name");
    addIf(notTraining, s.recipe() != null, "recipe");
    addIf(notTraining, s.priority() != null, "priority");
    addIf(notTraining, s.owner() != null, "owner");
    addIf(notTraining, s.maxRestarts() != null, "maxRestarts");
    if (!notTraining.isEmpty()) {
      throw new IllegalStateException("Recipe " + recipe.name() + " sets " + notTraining
          + ", which describe a submission, not training");
    }
    return recipe;
  }

  private static void addIf(List<String> into, boolean condition, String field) {
    if (condition) {
      into.add(field);
    }
  }
}

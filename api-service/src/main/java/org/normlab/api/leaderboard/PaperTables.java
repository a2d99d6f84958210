package org.normlab.api.leaderboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The paper tables under {@code classpath:references/}, loaded and checked once at start-up. */
@Component
public class PaperTables {

  static final String LOCATION = "classpath*:references/*.yaml";

  private static final JsonMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private final Map<String, PaperTable> byId = new LinkedHashMap<>();

  public PaperTables() {
    for (PaperTable table : load(LOCATION, PaperTable.class)) {
      if (byId.putIfAbsent(table.id(), table) != null) {
        throw new IllegalStateException("Duplicate reference table id " + table.id());
      }
    }
  }

  public List<PaperTable> all() {
    return List.copyOf(byId.values());
  }

  public Optional<PaperTable> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The table of a reference named {@code table/row}. */
  public Optional<PaperTable> tableOf(String reference) {
    int slash = reference.indexOf('/');
    return slash < 0 ? Optional.empty() : find(reference.substring(0, slash));
  }

  /** A row named {@code table/row}, as suites refer to them. */
  public Optional<PaperTable.Row> row(String reference) {
    int slash = reference.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    return find(reference.substring(0, slash)).flatMap(t -> t.rows().stream()
        .filter(r -> r.id().equals(reference.substring(slash + 1))).findFirst());
  }

  List<PaperTable> of(String task, String dataset) {
    return byId.values().stream().filter(t -> t.task().equals(task) && t.dataset().equals(dataset)).toList();
  }

  /**
   * Every YAML document matching {@code pattern}, bound to {@code type} by a strict JSON mapper
   * (unknown keys fail, so a typo in a table stops the start-up with the file's name).
   */
  public static <T> List<T> load(String pattern, Class<T> type) {
    List<T> loaded = new ArrayList<>();
    try {
      Resource[] resources = new PathMatchingResourcePatternResolver().getResources(pattern);
      java.util.Arrays.sort(resources, Comparator.comparing(Resource::getDescription));
      for (Resource resource : resources) {
        try (InputStream in = resource.getInputStream()) {
          Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
          loaded.add(STRICT.convertValue(tree, type));
        } catch (RuntimeException e) {
          throw new IllegalStateException("Cannot read " + resource.getDescription() + ": " + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return loaded;
  }
}

package org.normlab.api.leaderboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.normlab.api.dataset.DatasetRegistry;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/leaderboards/{dataset}?task=&metric=&<filters>&page=&size=}. The dataset is a
 * registered one, or one a paper table reports on (then only the paper rows show until runs exist).
 */
@RestController
@RequestMapping("/api/v1/leaderboards")
class LeaderboardController {

  static final int MAX_PAGE_SIZE = 200;
  static final List<String> PAGING = List.of("task", "metric", "page", "size");

  private final LeaderboardQuery query;
  private final DatasetRegistry datasets;
  private final PaperTables papers;

  LeaderboardController(LeaderboardQuery query, DatasetRegistry datasets, PaperTables papers) {
    this.query = query;
    this.datasets = datasets;
    this.papers = papers;
  }

  @GetMapping("/{dataset}")
  Leaderboard leaderboard(@PathVariable String dataset, @RequestParam MultiValueMap<String, String> params) {
    List<FieldViolation> errors = new ArrayList<>();
    List<String> knownDatasets = new ArrayList<>(new TreeSet<>(Stream.concat(datasets.names().stream(),
        papers.all().stream().map(PaperTable::dataset)).toList()));
    if (!knownDatasets.contains(dataset)) {
      errors.add(new FieldViolation("dataset", "is neither a registered dataset nor one a paper table reports on",
          dataset, knownDatasets));
    }
    String task = first(params, "task").orElse("classification");
    Optional<LeaderboardMetric> metric = Optional.empty();
    if (!LeaderboardMetric.tasks().contains(task)) {
      errors.add(FieldViolation.oneOf("task", task, LeaderboardMetric.tasks()));
    } else {
      String metricName = first(params, "metric").orElse(LeaderboardMetric.names(task).get(0));
      metric = LeaderboardMetric.find(task, metricName);
      if (metric.isEmpty()) {
        errors.add(FieldViolation.oneOf("metric", metricName, LeaderboardMetric.names(task)));
      }
    }
    int page = integer(errors, params, "page", 0);
    int size = integer(errors, params, "size", 50);
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      errors.add(FieldViolation.paging(page, size, MAX_PAGE_SIZE));
    }
    Map<LeaderboardFilter, List<Object>> filters = filters(errors, params);
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    return query.page(task, dataset, metric.orElseThrow(), filters, page, size);
  }

  private static Map<LeaderboardFilter, List<Object>> filters(List<FieldViolation> errors,
      MultiValueMap<String, String> params) {
    Map<LeaderboardFilter, List<Object>> filters = new LinkedHashMap<>();
    List<String> allowed = Stream.concat(PAGING.stream(), LeaderboardFilter.params().stream()).toList();
    params.forEach((name, values) -> {
      if (PAGING.contains(name)) {
        return;
      }
      Optional<LeaderboardFilter> filter = LeaderboardFilter.find(name);
      if (filter.isEmpty()) {
        errors.add(new FieldViolation(name, "is not a leaderboard parameter", values, allowed));
        return;
      }
      List<Object> parsed = new ArrayList<>();
      for (String value : values) {
        if (filter.get().kind() != LeaderboardFilter.Kind.INTEGER) {
          parsed.add(value);
        } else if (value.matches("\\d{1,9}")) {
          parsed.add(Integer.parseInt(value));
        } else {
          errors.add(FieldViolation.of(name, "must be a positive integer", value));
        }
      }
      filters.put(filter.get(), parsed);
    });
    return filters;
  }

  private static Optional<String> first(MultiValueMap<String, String> params, String name) {
    return Optional.ofNullable(params.getFirst(name));
  }

  private static int integer(List<FieldViolation> errors, MultiValueMap<String, String> params, String name,
      int fallback) {
    String text = params.getFirst(name);
    if (text == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      errors.add(FieldViolation.of(name, "must be an integer", text));
      return fallback;
    }
  }
}

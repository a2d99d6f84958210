package org.normlab.api.leaderboard;

import java.util.List;
import org.normlab.api.dataset.DatasetRegistry;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/leaderboards")
class LeaderboardController {

  static final int MAX_PAGE_SIZE = 200;

  private final LeaderboardQuery query;
  private final DatasetRegistry datasets;

  LeaderboardController(LeaderboardQuery query, DatasetRegistry datasets) {
    this.query = query;
    this.datasets = datasets;
  }

  @GetMapping("/{dataset}")
  Leaderboard leaderboard(
      @PathVariable String dataset,
      @RequestParam(required = false) String backbone,
      @RequestParam(required = false) String norm,
      @RequestParam(required = false) Integer normBatchSize,
      @RequestParam(required = false) Integer batchSize,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    if (datasets.find(dataset).isEmpty()) {
      throw new InvalidRequestException(List.of(
          new FieldViolation("dataset", "is not a registered dataset", dataset, datasets.names())));
    }
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidRequestException(List.of(FieldViolation.paging(page, size, MAX_PAGE_SIZE)));
    }
    return query.page(dataset, new LeaderboardQuery.Filter(backbone, norm, normBatchSize, batchSize), page, size);
  }
}

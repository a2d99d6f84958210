package org.normlab.api.suite;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/suites")
class SuiteController {

  static final int MAX_LAUNCHES = 100;

  /** What a suite is: its rows with their references, and the schedule in force. */
  record SuiteView(String name, String title, String metric, double tolerance, String schedule, int rows,
      int runnableRows, List<Suite.Row> definition) {}

  /** Optional body of a launch: {@code force} retrains rows whose identical run already exists. */
  record LaunchRequest(Boolean force) {}

  private final SuiteCatalog catalog;
  private final SuiteLauncher launcher;
  private final SuiteReports reports;

  SuiteController(SuiteCatalog catalog, SuiteLauncher launcher, SuiteReports reports) {
    this.catalog = catalog;
    this.launcher = launcher;
    this.reports = reports;
  }

  @GetMapping
  List<SuiteView> suites() {
    return catalog.all().stream().map(this::view).toList();
  }

  @GetMapping("/{name}")
  SuiteView suite(@PathVariable String name) {
    return view(catalog.get(name));
  }

  @PostMapping("/{name}/launches")
  ResponseEntity<SuiteReport> launch(@PathVariable String name,
      @RequestBody(required = false) LaunchRequest request) {
    Suite suite = catalog.get(name);
    boolean force = request != null && Boolean.TRUE.equals(request.force());
    UUID id = launcher.launch(suite, SuiteLauncher.Trigger.REST, null, force).orElseThrow();
    return ResponseEntity.created(URI.create("/api/v1/suites/" + name + "/launches/" + id))
        .body(reports.report(name, id));
  }

  @GetMapping("/{name}/launches")
  List<SuiteReport> launches(@PathVariable String name, @RequestParam(defaultValue = "20") int limit) {
    if (limit < 1 || limit > MAX_LAUNCHES) {
      throw new InvalidRequestException(List.of(
          FieldViolation.of("limit", "must be between 1 and " + MAX_LAUNCHES, limit)));
    }
    return reports.launches(name, limit).stream().map(id -> reports.report(name, id)).toList();
  }

  @GetMapping("/{name}/launches/{id}")
  SuiteReport report(@PathVariable String name, @PathVariable UUID id) {
    return reports.report(name, id);
  }

  private SuiteView view(Suite suite) {
    return new SuiteView(suite.name(), suite.title(), suite.metric(), suite.tolerance(),
        catalog.schedule(suite.name()).orElse(null), suite.rows().size(),
        (int) suite.rows().stream().filter(Suite.Row::runnable).count(), suite.rows());
  }
}

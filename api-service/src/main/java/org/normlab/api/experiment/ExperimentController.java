package org.normlab.api.experiment;

import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.normlab.api.auth.Caller;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.normlab.api.system.PageView;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/experiments")
class ExperimentController {

  static final int MAX_PAGE_SIZE = 200;

  private final ExperimentService service;

  ExperimentController(ExperimentService service) {
    this.service = service;
  }

  @PostMapping
  ResponseEntity<ExperimentView> submit(@RequestBody CreateExperimentRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
    IdempotencyKeys.checkHeader(idempotencyKey);
    ExperimentService.SubmissionResult result = service.submitAs(caller, request, idempotencyKey);
    ExperimentView created = result.experiment();
    URI location = URI.create("/api/v1/experiments/" + created.id());
    if (result.deduplicated()) {
      // Nothing new was created: the earlier run (and its result, once evaluated) answers.
      return ResponseEntity.ok().location(location)
          .header("Deduplicated", "true")
          .header("Link", "<" + location + ">; rel=\"duplicate-of\"")
          .header("Idempotent-Replayed", Boolean.toString(result.replayed()))
          .body(created);
    }
    return ResponseEntity.created(location)
        .header("Idempotent-Replayed", Boolean.toString(result.replayed()))
        .body(created);
  }

  @PostMapping("/{id}/retrain")
  ResponseEntity<ExperimentView> retrain(@PathVariable UUID id, @RequestBody RetrainRequest request,
      @RequestAttribute(name = Caller.ATTRIBUTE, required = false) Caller caller) {
    ExperimentView created = service.retrain(id, request, caller);
    return ResponseEntity.created(URI.create("/api/v1/experiments/" + created.id())).body(created);
  }

  /** Admins only: moves a queued or paused run to another priority ({@code {"priority": "high"}}). */
  @PatchMapping("/{id}")
  ExperimentView patch(@PathVariable UUID id, @RequestBody(required = false) RunPatchRequest request) {
    return ConcurrentChanges.retry(() -> service.reprioritize(id, request));
  }

  @PostMapping("/{id}/cancel")
  ExperimentView cancel(@PathVariable UUID id) {
    return ConcurrentChanges.retry(() -> service.cancel(id, null));
  }

  @PostMapping("/{id}/pause")
  ExperimentView pause(@PathVariable UUID id) {
    return ConcurrentChanges.retry(() -> service.pause(id));
  }

  @PostMapping("/{id}/resume")
  ExperimentView resume(@PathVariable UUID id) {
    return ConcurrentChanges.retry(() -> service.resume(id));
  }

  @GetMapping("/{id}/events")
  List<RunEventView> events(@PathVariable UUID id) {
    return service.events(id);
  }

  @GetMapping("/{id}")
  ExperimentView get(@PathVariable UUID id) {
    return service.get(id);
  }

  @GetMapping
  PageView<ExperimentView> list(
      @RequestParam(required = false) RunStatus status,
      @RequestParam(required = false) String dataset,
      @RequestParam(required = false) String backbone,
      @RequestParam(required = false) String norm,
      @RequestParam(required = false) String name,
      @RequestParam(required = false) String recipe,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidRequestException(List.of(FieldViolation.paging(page, size, MAX_PAGE_SIZE)));
    }
    var filter = new ExperimentFilter(status, dataset, backbone, norm, name, recipe);
    var pageable = PageRequest.of(page, size, Sort.by(Sort.Order.desc("createdAt"), Sort.Order.asc("id")));
    return PageView.of(service.list(filter, pageable));
  }

  @GetMapping("/{id}/metrics")
  List<MetricPoint> metrics(@PathVariable UUID id) {
    return service.metrics(id);
  }
}

package org.normlab.api.experiment;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** Registers a model trained elsewhere as an experiment that is evaluated, not trained. */
@RestController
class PretrainedController {

  private final PretrainedService service;

  PretrainedController(PretrainedService service) {
    this.service = service;
  }

  @PostMapping("/api/v1/pretrained")
  ResponseEntity<ExperimentView> register(@RequestBody RegisterPretrainedRequest request,
      @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
    IdempotencyKeys.checkHeader(idempotencyKey);
    ExperimentService.SubmissionResult result = service.register(request, idempotencyKey);
    ExperimentView created = result.experiment();
    return ResponseEntity.created(URI.create("/api/v1/experiments/" + created.id()))
        .header("Idempotent-Replayed", Boolean.toString(result.replayed()))
        .body(created);
  }
}

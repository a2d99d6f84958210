package org.normlab.api.dataset;

import java.net.URI;
import java.util.List;
import org.normlab.api.auth.Caller;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Datasets: anyone with a token lists them; admins register, update, retire and reinstate them. */
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

  private final DatasetRegistry registry;
  private final DatasetService service;

  DatasetController(DatasetRegistry registry, DatasetService service) {
    this.registry = registry;
    this.service = service;
  }

  /** Active datasets in name order; with {@code retired=true} the retired ones too. */
  @GetMapping
  List<Dataset> list(@RequestParam(defaultValue = "false") boolean retired) {
    return registry.all().stream().filter(d -> retired || !d.retired()).toList();
  }

  @GetMapping("/{name}")
  Dataset get(@PathVariable String name) {
    return registry.find(name).orElseThrow(() -> new DatasetNotFoundException(name));
  }

  /** 201; 409 when the name is taken (by a retired dataset too). */
  @PostMapping
  ResponseEntity<Dataset> register(@RequestBody(required = false) DatasetRequest request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    Dataset created = service.register(request, caller.name());
    return ResponseEntity.created(URI.create("/api/v1/datasets/" + created.name())).body(created);
  }

  /** Replaces task, numClasses and description; the name cannot change. */
  @PutMapping("/{name}")
  Dataset update(@PathVariable String name, @RequestBody(required = false) DatasetRequest request,
      @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return service.update(name, request, caller.name());
  }

  /** New runs may no longer name it; existing runs and leaderboards keep it. */
  @PostMapping("/{name}/retire")
  Dataset retire(@PathVariable String name, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return service.retire(name, caller.name());
  }

  @PostMapping("/{name}/reinstate")
  Dataset reinstate(@PathVariable String name, @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
    return service.reinstate(name, caller.name());
  }
}

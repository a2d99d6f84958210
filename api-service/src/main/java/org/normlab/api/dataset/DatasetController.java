package org.normlab.api.dataset;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

  private final DatasetRegistry registry;

  DatasetController(DatasetRegistry registry) {
    this.registry = registry;
  }

  @GetMapping
  List<DatasetRegistry.Dataset> list() {
    return registry.all();
  }
}

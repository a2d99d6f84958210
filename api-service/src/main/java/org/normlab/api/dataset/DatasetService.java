package org.normlab.api.dataset;

import java.util.List;
import java.util.Locale;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.springframework.stereotype.Service;

/** Admins' changes to the dataset table: register, update, retire, reinstate. */
@Service
class DatasetService {

  private final DatasetStore store;
  private final DatasetRegistry registry;

  DatasetService(DatasetStore store, DatasetRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  Dataset register(DatasetRequest request, String by) {
    DatasetRequest r = require(request);
    validate(r.name(), r);
    if (!store.insert(r.name(), task(r), r.numClasses(), description(r), by)) {
      throw new DatasetExistsException(store.find(r.name()).orElseThrow());
    }
    return changed(r.name());
  }

  Dataset update(String name, DatasetRequest request, String by) {
    DatasetRequest r = require(request);
    List<FieldViolation> violations = new java.util.ArrayList<>(DatasetRules.violations(name, r));
    if (r.name() != null && !r.name().equals(name)) {
      violations.add(new FieldViolation("name", "names the dataset of the path or is left out; a dataset cannot be"
          + " renamed (runs refer to it by name)", r.name(), List.of(name)));
    }
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
    if (!store.update(name, task(r), r.numClasses(), description(r), by)) {
      throw new DatasetNotFoundException(name);
    }
    return changed(name);
  }

  Dataset retire(String name, String by) {
    return setRetired(name, true, by);
  }

  Dataset reinstate(String name, String by) {
    return setRetired(name, false, by);
  }

  private Dataset setRetired(String name, boolean retired, String by) {
    if (!DatasetRules.validName(name) || !store.setRetired(name, retired, by)) {
      throw new DatasetNotFoundException(name);
    }
    return changed(name);
  }

  private Dataset changed(String name) {
    registry.refresh();
    return store.find(name).orElseThrow(() -> new DatasetNotFoundException(name));
  }

  private static DatasetRequest require(DatasetRequest request) {
    if (request == null) {
      throw new InvalidRequestException(List.of(FieldViolation.of("body", "is required and must be a JSON object",
          null)));
    }
    return request;
  }

  private static void validate(String name, DatasetRequest request) {
    List<FieldViolation> violations = DatasetRules.violations(name, request);
    if (!violations.isEmpty()) {
      throw new InvalidRequestException(violations);
    }
  }

  private static String task(DatasetRequest r) {
    return r.task().toLowerCase(Locale.ROOT);
  }

  private static String description(DatasetRequest r) {
    return r.description() == null ? "" : r.description().strip();
  }
}

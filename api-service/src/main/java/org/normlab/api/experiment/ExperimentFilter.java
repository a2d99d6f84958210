package org.normlab.api.experiment;

import java.util.ArrayList;
import java.util.List;
import org.springframework.data.jpa.domain.Specification;

/** Optional equality filters of the experiment list; null fields do not filter. */
public record ExperimentFilter(
    RunStatus status, String dataset, String backbone, String norm, String name, String recipe) {

  Specification<Experiment> toSpecification() {
    return (root, query, cb) -> {
      List<jakarta.persistence.criteria.Predicate> predicates = new ArrayList<>();
      if (status != null) {
        predicates.add(cb.equal(root.get("status"), status));
      }
      if (dataset != null) {
        predicates.add(cb.equal(root.get("dataset"), dataset));
      }
      if (backbone != null) {
        predicates.add(cb.equal(root.get("backbone"), backbone));
      }
      if (norm != null) {
        predicates.add(cb.equal(root.get("norm"), norm));
      }
      if (recipe != null) {
        predicates.add(cb.equal(root.get("recipe"), recipe));
      }
      if (name != null) {
        predicates.add(cb.like(cb.lower(root.get("name")), "%" + escapeLike(name.toLowerCase()) + "%", '\\'));
      }
      return cb.and(predicates.toArray(jakarta.persistence.criteria.Predicate[]::new));
    };
  }

  private static String escapeLike(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}

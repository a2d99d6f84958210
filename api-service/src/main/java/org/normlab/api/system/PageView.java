package org.normlab.api.system;

import java.util.List;
import org.springframework.data.domain.Page;

/** A stable JSON shape for a page of results. */
public record PageView<T>(List<T> content, int page, int size, long totalElements, int totalPages) {
  public static <T> PageView<T> of(Page<T> page) {
    return new PageView<>(page.getContent(), page.getNumber(), page.getSize(), page.getTotalElements(),
        page.getTotalPages());
  }
}

package org.normlab.api.dataset;

import java.time.Instant;

/**
 * A dataset specs may name. Its files live on the workers, which map the name to storage in their
 * own configuration; the API only knows what the name stands for.
 *
 * @param source {@code configuration} while the row follows {@code normlab.datasets}, {@code admin}
 *     once an admin has registered, updated or retired it
 * @param retiredAt when an admin retired it (new runs may not use it); null while active
 */
public record Dataset(String name, String task, int numClasses, String description, String source,
    String updatedBy, Instant updatedAt, Instant retiredAt) {

  public boolean retired() {
    return retiredAt != null;
  }
}

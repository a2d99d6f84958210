package org.normlab.contracts;

/** A message whose first field is its schema version, checked on every decode. */
public interface Versioned {
  int schemaVersion();
}

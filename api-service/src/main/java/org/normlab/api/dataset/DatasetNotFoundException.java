package org.normlab.api.dataset;

/** No dataset has this name; the API answers 404. */
public class DatasetNotFoundException extends RuntimeException {
  public DatasetNotFoundException(String name) {
    super("No dataset '" + name + "'");
  }
}

package org.normlab.api.suite;

import java.util.List;

/** No suite of that name: answered 404, naming the suites there are. */
public class SuiteNotFoundException extends RuntimeException {
  SuiteNotFoundException(String name, List<String> known) {
    super("No suite '" + name + "'; suites: " + String.join(", ", known));
  }
}

package org.normlab.api.suite;

import java.util.UUID;

/** No launch of that id for the suite: answered 404. */
public class LaunchNotFoundException extends RuntimeException {
  LaunchNotFoundException(String suite, UUID id) {
    super("Suite " + suite + " has no launch " + id);
  }
}

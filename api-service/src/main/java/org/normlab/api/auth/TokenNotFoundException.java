package org.normlab.api.auth;

import java.util.UUID;

/** No token has this id; the API answers 404. */
public class TokenNotFoundException extends RuntimeException {
  public TokenNotFoundException(UUID id) {
    super("No token " + id);
  }
}

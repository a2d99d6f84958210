package org.normlab.api.auth;

/** A token just created: the stored token and, this once, its secret. */
record CreatedToken(ApiToken token, String secret) {}

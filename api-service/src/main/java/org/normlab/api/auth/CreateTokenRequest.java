package org.normlab.api.auth;

/**
 * Body of {@code POST /api/v1/tokens}.
 *
 * @param name who or what uses the token (1–100 of {@code A-Za-z0-9._@-})
 * @param role {@code viewer}, {@code researcher} or {@code admin}
 * @param requestsPerSecond this token's own rate limit (1–100,000); absent: the service's default
 */
record CreateTokenRequest(String name, String role, Integer requestsPerSecond) {}

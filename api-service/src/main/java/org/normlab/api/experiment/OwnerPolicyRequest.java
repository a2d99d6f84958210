package org.normlab.api.experiment;

/**
 * Body of {@code PUT /api/v1/owners/{owner}}; a field left out takes its default.
 *
 * @param weight fair-share weight, 0.01-1000 (default 1)
 * @param maxPriority the highest priority researchers may request for this owner's runs, or that a
 *     researcher of this token name may request: {@code low}, {@code normal} or {@code high} (default)
 */
record OwnerPolicyRequest(Double weight, String maxPriority) {}

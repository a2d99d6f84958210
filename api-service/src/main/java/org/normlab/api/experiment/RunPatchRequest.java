package org.normlab.api.experiment;

/**
 * Body of {@code PATCH /api/v1/experiments/{id}} (admins): what to change about a submitted run.
 * Only its priority can change; the spec a run trains is fixed once submitted.
 *
 * @param priority {@code low}, {@code normal} or {@code high}
 */
public record RunPatchRequest(String priority) {}

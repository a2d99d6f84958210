package org.normlab.api.experiment;

/**
 * The body of {@code POST /api/v1/pretrained}: a model trained elsewhere, its weight file in the
 * checkpoint store, and where it came from. Nullable fields, so that the validator reports every
 * problem at once.
 */
public record RegisterPretrainedRequest(
    String name,
    String dataset,
    String backbone,
    String norm,
    Integer baseWidth,
    WeightsRequest weights,
    String source) {

  /** The weight file: a store URI under {@code pretrained/}, its SHA-256 and size. */
  public record WeightsRequest(String uri, String sha256, Long sizeBytes) {}
}

package org.normlab.contracts.run;

import java.util.Objects;

/**
 * Where a checkpoint lives in the checkpoint store and how to verify it.
 *
 * @param uri store-relative location, e.g. {@code runs/<runId>/attempt-1/iter-000120.ckpt}
 * @param sha256 lowercase hex digest of the file; readers refuse a file that does not match
 */
public record CheckpointRef(String uri, String sha256, int epoch, long iteration, long sizeBytes) {

  public CheckpointRef {
    Objects.requireNonNull(uri, "uri");
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits, got " + sha256);
    }
  }
}

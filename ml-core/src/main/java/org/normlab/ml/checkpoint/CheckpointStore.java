package org.normlab.ml.checkpoint;

import java.io.InputStream;
import java.util.List;
import org.normlab.contracts.run.CheckpointRef;

/**
 * Where checkpoints live, addressed by store-relative URIs such as {@code
 * runs/<runId>/attempt-1/iter-000000120.ckpt}. A directory today; a shared volume or object store
 * can implement the same contract for a cluster.
 */
public interface CheckpointStore {

  /**
   * Writes a checkpoint atomically: readers see either nothing or the complete file, never a
   * partial one, even if the process dies mid-write. The SHA-256 is computed from the bytes as they
   * are written.
   *
   * @throws java.io.UncheckedIOException when writing fails (nothing is left at {@code uri})
   */
  CheckpointRef write(String uri, int epoch, long iteration, CheckpointWriter writer);

  /**
   * Opens a checkpoint after verifying its size and SHA-256 against {@code ref}.
   *
   * @throws CorruptCheckpointException when the file is missing, truncated or altered; bad bytes
   *     are never returned
   */
  InputStream open(CheckpointRef ref);

  boolean exists(String uri);

  /** URIs of the checkpoints under {@code prefix} (a directory-like path), in lexical order. */
  List<String> list(String prefix);

  /** Deletes a checkpoint; absent is not an error. */
  void delete(String uri);
}

package org.normlab.ml.checkpoint;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a checkpoint's bytes; the store owns the stream (do not close it). */
@FunctionalInterface
public interface CheckpointWriter {
  void writeTo(OutputStream out) throws IOException;
}

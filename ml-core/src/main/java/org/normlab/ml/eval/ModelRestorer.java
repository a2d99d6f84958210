package org.normlab.ml.eval;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.model.Network;
import org.normlab.ml.weights.WeightFormat;

/**
 * Turns the verified bytes of a store file into a network's state. The file's extension picks the
 * reader: a {@link WeightFormat} extension means an imported weight file, anything else one of our
 * training checkpoints.
 */
@FunctionalInterface
interface ModelRestorer {

  /** Our checkpoint format ({@link CheckpointFormat}); only the model part is used. */
  ModelRestorer CHECKPOINT =
      (network, verified) -> {
        try (NDManager scratch = network.manager().newSubManager()) {
          network.loadState(CheckpointFormat.read(verified, scratch).model());
        }
      };

  void restore(Network network, InputStream verified) throws IOException;

  static ModelRestorer forUri(String uri) {
    return WeightFormat.ofName(uri).<ModelRestorer>map(ImportedWeights::new).orElse(CHECKPOINT);
  }
}

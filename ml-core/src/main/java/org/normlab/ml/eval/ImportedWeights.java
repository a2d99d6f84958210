package org.normlab.ml.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.normlab.ml.model.Network;
import org.normlab.ml.weights.WeightFormat;
import org.normlab.ml.weights.Weights;

/**
 * A weight file imported from elsewhere (PyTorch state-dict keys), loaded strictly: a file that
 * does not fit the spec's architecture exactly fails and loads nothing.
 */
record ImportedWeights(WeightFormat format) implements ModelRestorer {

  @Override
  public void restore(Network network, InputStream verified) throws IOException {
    // Weights reads files (zip and safetensors need random access); the copy is of the bytes the
    // store just verified, so the store file changing afterwards cannot matter.
    Path copy = Files.createTempFile("normlab-import-", format.extension());
    try {
      Files.copy(verified, copy, StandardCopyOption.REPLACE_EXISTING);
      Weights.importInto(network.block(), copy);
    } finally {
      Files.deleteIfExists(copy);
    }
  }
}

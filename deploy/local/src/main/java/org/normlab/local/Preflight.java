package org.normlab.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks what the stack needs from the machine before starting anything. */
final class Preflight {

  static final List<String> FASHION_MNIST_FILES = List.of(
      "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
      "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

  /** A missing prerequisite, with the exact command that provides it. */
  static final class MissingPrerequisiteException extends RuntimeException {
    MissingPrerequisiteException(String message) {
      super(message);
    }
  }

  private Preflight() {}

  static void requireFashionMnist(Path dir) {
    for (String file : FASHION_MNIST_FILES) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new MissingPrerequisiteException("Fashion-MNIST is missing: " + dir.resolve(file)
            + " does not exist.\nInstall the Debian package with:\n  sudo apt-get install -y dataset-fashion-mnist");
      }
    }
  }
}

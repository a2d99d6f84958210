package org.normlab.ml.weights;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The weight file formats, each chosen by its file extension. */
public enum WeightFormat {
  /** numpy {@code .npz} ({@code np.savez} / {@code np.load}). */
  NPZ(".npz") {
    @Override
    Map<String, HostTensor> read(Path path) throws IOException {
      return NpzFile.read(path);
    }

    @Override
    void write(Map<String, HostTensor> tensors, OutputStream out) throws IOException {
      NpzFile.write(tensors, out);
    }
  },
  /** Hugging Face {@code .safetensors}. */
  SAFETENSORS(".safetensors") {
    @Override
    Map<String, HostTensor> read(Path path) throws IOException {
      return SafetensorsFile.read(path);
    }

    @Override
    void write(Map<String, HostTensor> tensors, OutputStream out) throws IOException {
      // "format": "pt" is what Hugging Face tools look for in PyTorch state dicts.
      SafetensorsFile.write(tensors, Map.of("format", "pt"), out);
    }
  };

  private final String extension;

  WeightFormat(String extension) {
    this.extension = extension;
  }

  /** The file extension, with its dot. */
  public String extension() {
    return extension;
  }

  /**
   * The format a file name's extension selects (case-insensitive).
   *
   * @throws IllegalArgumentException for other extensions, listing the supported ones
   */
  public static WeightFormat forPath(Path path) {
    Path fileName = path.getFileName();
    return ofName(fileName == null ? "" : fileName.toString())
        .orElseThrow(() -> unknownFormat(path));
  }

  /**
   * The format a file name or store URI's extension selects (case-insensitive), if any: lets
   * callers that also read other files (checkpoints) pick a reader without catching exceptions.
   */
  public static Optional<WeightFormat> ofName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(format -> lower.endsWith(format.extension)).findFirst();
  }

  private static IllegalArgumentException unknownFormat(Path path) {
    return new IllegalArgumentException(
        "Cannot tell the weight format of '"
            + path
            + "'; supported extensions: "
            + Arrays.stream(values()).map(WeightFormat::extension).collect(Collectors.joining(", "))
            + " (convert a .pth with the snippet in docs/ml-core.md, section Weights)");
  }

  abstract Map<String, HostTensor> read(Path path) throws IOException;

  abstract void write(Map<String, HostTensor> tensors, OutputStream out) throws IOException;
}

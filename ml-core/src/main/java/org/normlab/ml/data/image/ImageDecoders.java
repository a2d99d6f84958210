package org.normlab.ml.data.image;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decoders by name. {@code imageio} (the JDK's libjpeg) is the default: in the data-pipeline
 * benchmark it decoded as fast as OpenCV's bundled libjpeg-turbo at ImageNet sizes and faster than
 * TwelveMonkeys, with no extra native library (docs/ml-core.md, Data).
 */
public final class ImageDecoders {

  public static final String DEFAULT = "imageio";

  private static final Map<String, Supplier<ImageDecoder>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("imageio", ImageIoDecoder::new);
  }

  private ImageDecoders() {}

  /**
   * The decoder called {@code name}.
   *
   * @throws IllegalArgumentException naming the known decoders
   */
  public static ImageDecoder get(String name) {
    Supplier<ImageDecoder> decoder = BY_NAME.get(name);
    if (decoder == null) {
      throw new IllegalArgumentException(
          "Unknown image decoder '" + name + "'; known: " + String.join(", ", BY_NAME.keySet()));
    }
    return decoder.get();
  }

  public static ImageDecoder defaultDecoder() {
    return get(DEFAULT);
  }
}

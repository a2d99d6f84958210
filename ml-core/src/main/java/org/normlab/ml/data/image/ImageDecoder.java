package org.normlab.ml.data.image;

import org.normlab.ml.data.transform.RgbImage;

/**
 * Turns encoded bytes into an 8-bit RGB image. Implementations are safe to call from several
 * threads at once. The registry is {@link ImageDecoders}.
 */
public interface ImageDecoder {

  /** The name the registry knows it by. */
  String name();

  /**
   * Decodes one image.
   *
   * @throws CorruptImageException when the bytes are not a complete image this decoder reads
   */
  RgbImage decode(byte[] encoded) throws CorruptImageException;
}

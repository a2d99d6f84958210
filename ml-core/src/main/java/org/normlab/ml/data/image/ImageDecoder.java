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

  /**
   * Reads the header only, so a pipeline can decode just its crop. By default the image is decoded
   * whole at once.
   *
   * @throws CorruptImageException when the header is not readable
   */
  default LazyImage open(byte[] encoded) throws CorruptImageException {
    RgbImage image = decode(encoded);
    return new LazyImage() {
      @Override
      public int height() {
        return image.height();
      }

      @Override
      public int width() {
        return image.width();
      }

      @Override
      public RgbImage whole() {
        return image;
      }

      @Override
      public RgbImage region(org.normlab.ml.data.transform.CropBox box) {
        return image.crop(box);
      }

      @Override
      public void close() {}
    };
  }
}

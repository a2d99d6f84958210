package org.normlab.ml.data.transform;

/**
 * An image whose size is known before its pixels: a decoder can then decode only the region a
 * pipeline crops (rows below the crop are never decoded). {@link RgbImage} is one, already decoded.
 */
public interface ImageSource {

  int height();

  int width();

  /** The whole image. */
  RgbImage whole();

  /**
   * The {@code box} region, black where it reaches outside the image; the same pixels as {@code
   * whole().crop(box)}.
   */
  RgbImage region(CropBox box);
}

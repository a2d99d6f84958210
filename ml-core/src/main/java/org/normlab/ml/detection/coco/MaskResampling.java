package org.normlab.ml.detection.coco;

/** Nearest-neighbour resizing of binary masks (pixel centres mapped to source pixel centres). */
final class MaskResampling {

  private MaskResampling() {}

  static Rle nearest(Rle mask, int height, int width) {
    boolean[] source = mask.decode();
    boolean[] out = new boolean[height * width];
    for (int y = 0; y < height; y++) {
      int sy = Math.min(mask.height() - 1, (int) ((y + 0.5) * mask.height() / height));
      for (int x = 0; x < width; x++) {
        int sx = Math.min(mask.width() - 1, (int) ((x + 0.5) * mask.width() / width));
        out[y * width + x] = source[sy * mask.width() + sx];
      }
    }
    return Rle.encode(out, height, width);
  }
}

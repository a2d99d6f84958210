package org.normlab.ml.data.transform;

import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/** The integer test pattern make_golden_transforms.py also draws, and its golden outputs. */
final class TestImages {

  static final JsonNode GOLDEN = Golden.load("transforms/transforms.json");

  private TestImages() {}

  /** ((37x + 91y + 71c + 11((xy) mod 29)) xor (xy)) mod 256, detail at every scale. */
  static RgbImage pattern(int height, int width) {
    byte[] pixels = new byte[height * width * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        for (int c = 0; c < 3; c++) {
          int v = (37 * x + 91 * y + 71 * c + 11 * ((x * y) % 29)) ^ (x * y);
          pixels[(y * width + x) * 3 + c] = (byte) (v & 255);
        }
      }
    }
    return new RgbImage(height, width, pixels);
  }

  static int[] unsigned(RgbImage image) {
    int[] out = new int[image.pixels().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = image.pixels()[i] & 0xff;
    }
    return out;
  }

  static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }
}

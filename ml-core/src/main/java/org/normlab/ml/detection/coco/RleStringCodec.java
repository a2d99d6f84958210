package org.normlab.ml.detection.coco;

import java.util.Arrays;

/**
 * COCO's compressed RLE string: each count (from the fourth on, as the difference to the count two
 * before it) is written as a signed little-endian sequence of 5-bit groups, one character per group
 * ({@code '0' + group}, bit 0x20 set while more groups follow), like LEB128 with 6-bit characters.
 */
final class RleStringCodec {

  private static final int OFFSET = 48;
  private static final int MORE = 0x20;
  private static final int SIGN = 0x10;
  private static final int GROUP = 0x1f;

  private RleStringCodec() {}

  static String encode(int[] counts) {
    StringBuilder s = new StringBuilder(counts.length * 2);
    for (int i = 0; i < counts.length; i++) {
      long x = counts[i];
      if (i > 2) {
        x -= counts[i - 2];
      }
      boolean more = true;
      while (more) {
        int c = (int) (x & GROUP);
        x >>= 5;
        more = (c & SIGN) != 0 ? x != -1 : x != 0;
        if (more) {
          c |= MORE;
        }
        s.append((char) (c + OFFSET));
      }
    }
    return s.toString();
  }

  static int[] decode(String s) {
    int[] counts = new int[s.length()];
    int m = 0;
    int p = 0;
    while (p < s.length()) {
      long x = 0;
      int k = 0;
      boolean more = true;
      while (more) {
        if (p >= s.length()) {
          throw new IllegalArgumentException(
              "compressed RLE counts end inside a number at character " + p);
        }
        int c = s.charAt(p) - OFFSET;
        if (c < 0 || c > 63) {
          throw new IllegalArgumentException(
              "compressed RLE counts: character '" + s.charAt(p) + "' at " + p
                  + " is outside '0'..'o'");
        }
        x |= (long) (c & GROUP) << (5 * k);
        more = (c & MORE) != 0;
        p++;
        k++;
        if (!more && (c & SIGN) != 0) {
          x |= -1L << (5 * k);
        }
      }
      if (m > 2) {
        x += counts[m - 2];
      }
      if (x < 0 || x > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("compressed RLE counts: run " + m + " decodes to " + x);
      }
      counts[m++] = (int) x;
    }
    return Arrays.copyOf(counts, m);
  }
}

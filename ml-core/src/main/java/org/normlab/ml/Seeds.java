package org.normlab.ml;

import java.nio.charset.StandardCharsets;

/**
 * Derives independent 64-bit seeds from an experiment's seed, so that each consumer (weight init of
 * one parameter, the sampler of one epoch) has its own stream and none depends on global RNG state
 * or on the order in which others draw.
 */
public final class Seeds {

  private Seeds() {}

  /** A seed for {@code purpose} (e.g. "sampler", a parameter name) and an index within it. */
  public static long derive(long seed, String purpose, long index) {
    long h = 0xcbf29ce484222325L; // FNV-1a over the purpose's UTF-8 bytes
    for (byte b : purpose.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    return mix(mix(seed) ^ h ^ mix(index + 0x9e3779b97f4a7c15L));
  }

  /** Stafford's variant 13 of the 64-bit finalizer (as in SplittableRandom). */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }
}

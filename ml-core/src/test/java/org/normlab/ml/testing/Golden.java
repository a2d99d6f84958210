package org.normlab.ml.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Loads reference values written by src/test/python/make_golden.py. */
public final class Golden {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Golden() {}

  public static JsonNode load(String resource) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing golden resource " + resource);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }

  public static long[] longs(JsonNode array) {
    long[] values = new long[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asLong();
    }
    return values;
  }

  /** Largest absolute difference; fails on length mismatch. */
  public static double maxAbsDiff(float[] actual, float[] expected) {
    if (actual.length != expected.length) {
      throw new AssertionError("length " + actual.length + " != " + expected.length);
    }
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      max = Math.max(max, Math.abs((double) actual[i] - expected[i]));
    }
    return max;
  }
}

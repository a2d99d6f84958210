package org.normlab.ml.weights;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The element types weight files may hold, with their spelling in each format. Deliberately few:
 * what state dicts contain (float weights, int64 {@code num_batches_tracked}). Anything else (f16,
 * bf16, bool) is rejected by name rather than guessed at; DJL aborts the JVM on bf16 arrays.
 */
public enum ElementType {
  FLOAT32("<f4", "F32", 4, DataType.FLOAT32),
  FLOAT64("<f8", "F64", 8, DataType.FLOAT64),
  INT64("<i8", "I64", 8, DataType.INT64);

  private final String npyDescr;
  private final String safetensorsName;
  private final int bytes;
  private final DataType dataType;

  ElementType(String npyDescr, String safetensorsName, int bytes, DataType dataType) {
    this.npyDescr = npyDescr;
    this.safetensorsName = safetensorsName;
    this.bytes = bytes;
    this.dataType = dataType;
  }

  /** numpy's dtype string, little-endian ({@code <f4}). */
  public String npyDescr() {
    return npyDescr;
  }

  /** The safetensors header's dtype ({@code F32}). */
  public String safetensorsName() {
    return safetensorsName;
  }

  public int bytes() {
    return bytes;
  }

  public DataType dataType() {
    return dataType;
  }

  /** Whether values of this type may be loaded into an array of {@code target}'s type. */
  public boolean convertsTo(ElementType target) {
    // Floats convert among themselves (float64 -> float32 rounds to nearest, as torch's .float());
    // integers never become floats or the other way round.
    return this == target || (isFloat() && target.isFloat());
  }

  public boolean isFloat() {
    return this != INT64;
  }

  static ElementType fromNpyDescr(String descr, String entry) {
    for (ElementType type : values()) {
      if (type.npyDescr.equals(descr)) {
        return type;
      }
    }
    String hint =
        descr.startsWith(">")
            ? " (big-endian: convert with arr.astype('<" + descr.substring(1) + "'))"
            : "";
    throw new IllegalArgumentException(
        entry + ": unsupported numpy dtype '" + descr + "'" + hint + "; supported: " + list(true));
  }

  static ElementType fromSafetensorsName(String name, String tensor) {
    for (ElementType type : values()) {
      if (type.safetensorsName.equals(name)) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        "tensor '"
            + tensor
            + "': unsupported safetensors dtype '"
            + name
            + "'; supported: "
            + list(false));
  }

  /**
   * The element type of a DJL array.
   *
   * @throws IllegalArgumentException for types weight files cannot hold
   */
  public static ElementType of(DataType dataType, String key) {
    for (ElementType type : values()) {
      if (type.dataType == dataType) {
        return type;
      }
    }
    throw new IllegalArgumentException(
        key + ": arrays of type " + dataType + " cannot be exported; supported: " + list(false));
  }

  private static String list(boolean npy) {
    return Arrays.stream(values())
        .map(t -> npy ? t.npyDescr : t.safetensorsName)
        .collect(Collectors.joining(", "));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}

package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;

/**
 * Scalar operands for ops that autograd records.
 *
 * <p>DJL's {@code NDArray.mul(Number)} / {@code div(Number)} / {@code add(Number)} wrap the number
 * in a tensor backed by a Java direct buffer and close it as soon as the op returns. When autograd
 * saved that tensor for backward (mul and div do), backward later reads memory the JVM may have
 * freed and reused: measured here as wrong gradients in 33 of 50 backward passes under GC pressure,
 * and as intermittent NaN losses in training. Scalars made here live in the anchor's manager, i.e.
 * until the iteration's scope closes, after backward.
 */
public final class Scalars {

  private Scalars() {}

  /** A 0-dim array of {@code anchor}'s type holding {@code value}, in {@code anchor}'s manager. */
  public static NDArray like(NDArray anchor, double value) {
    NDArray scalar = anchor.getManager().create((float) value);
    return scalar.getDataType() == anchor.getDataType()
        ? scalar
        : Scopes.besides(anchor, scalar.toType(anchor.getDataType(), false));
  }
}

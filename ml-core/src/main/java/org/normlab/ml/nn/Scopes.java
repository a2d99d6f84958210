package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;

/**
 * NDManager scoping for values derived from parameters.
 *
 * <p>DJL attaches an op's result to the manager of its first operand. A reshape or tile of a
 * parameter therefore lands in the model's long-lived manager and stays there until the model is
 * closed: one leaked array per layer per iteration. Blocks move such results next to their input,
 * which the training and evaluation loops keep in a per-iteration sub-manager.
 */
public final class Scopes {

  private Scopes() {}

  /** Attaches {@code value} to {@code anchor}'s manager and returns it. */
  public static NDArray besides(NDArray anchor, NDArray value) {
    value.attach(anchor.getManager());
    return value;
  }
}

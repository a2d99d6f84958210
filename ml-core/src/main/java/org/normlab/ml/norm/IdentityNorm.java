package org.normlab.ml.norm;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The {@code none} norm: passes its input through; no parameters, so no state keys. */
public final class IdentityNorm extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int channels;

  public IdentityNorm(int channels) {
    super(VERSION);
    this.channels = channels;
  }

  public int channels() {
    return channels;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    return inputs;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return inputShapes;
  }
}

package org.normlab.ml.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Children applied in order, each under a name of our choosing ({@code "0"}, {@code "1"}, ... for a
 * stage, as in {@code torch.nn.Sequential}). DJL's own {@code SequentialBlock} names children after
 * their class ({@code 01Conv2d}), which would make state keys unrecognizable.
 */
public class NamedSequentialBlock extends AbstractBlock {

  private static final byte VERSION = 1;

  public NamedSequentialBlock() {
    super(VERSION);
  }

  /** Appends {@code block} under {@code name}; returns this for chaining. */
  public NamedSequentialBlock add(String name, Block block) {
    addChildBlock(name, block);
    return this;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList current = inputs;
    for (Block child : children.values()) {
      current = child.forward(store, current, training, params);
    }
    return current;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] current = inputShapes;
    for (Block child : children.values()) {
      current = child.getOutputShapes(current);
    }
    return current;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] current = inputShapes;
    for (Block child : children.values()) {
      child.initialize(manager, dataType, current);
      current = child.getOutputShapes(current);
    }
  }
}

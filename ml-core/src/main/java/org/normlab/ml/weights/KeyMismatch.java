package org.normlab.ml.weights;

import ai.djl.ndarray.types.Shape;

/** A key present in both the model and the file whose shapes or element types do not fit. */
public record KeyMismatch(
    String key, Shape modelShape, ElementType modelType, Shape fileShape, ElementType fileType) {

  @Override
  public String toString() {
    return key + ": model " + modelType + " " + modelShape + ", file " + fileType + " " + fileShape;
  }
}

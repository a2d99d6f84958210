package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named losses of one training step (torchvision's names): {@code loss_objectness}, {@code
 * loss_rpn_box_reg}, {@code loss_classifier}, {@code loss_box_reg}, {@code loss_mask}. Each is a
 * scalar in the step's scope; {@link #total} is their unweighted sum, what the published recipes
 * minimize.
 */
public record DetectionLosses(Map<String, NDArray> named) {

  public static final String OBJECTNESS = "loss_objectness";
  public static final String RPN_BOX = "loss_rpn_box_reg";
  public static final String CLASSIFIER = "loss_classifier";
  public static final String BOX = "loss_box_reg";
  public static final String MASK = "loss_mask";

  public DetectionLosses {
    named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
  }

  /** The sum of all terms, for backward. */
  public NDArray total() {
    NDArray sum = null;
    for (NDArray term : named.values()) {
      sum = sum == null ? term : sum.add(term);
    }
    return sum;
  }

  /** Each term's value, for progress reports. */
  public Map<String, Float> values() {
    Map<String, Float> values = new LinkedHashMap<>();
    named.forEach((name, term) -> values.put(name, term.getFloat()));
    return values;
  }
}

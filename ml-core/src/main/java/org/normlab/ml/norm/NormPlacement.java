package org.normlab.ml.norm;

import java.util.function.UnaryOperator;

/**
 * Where a backbone variant puts its norms, on top of the run's norm spec: the spec says what
 * normalizes (a uniform {@link NormPolicy}), the placement rearranges it. Backbone definitions
 * carry one, so {@code resnet50_ibn_a} with {@code mabn} gets IBN-a with MABN as the BN half.
 */
public enum NormPlacement {
  /** The spec's norm after every convolution, unchanged. */
  UNIFORM(policy -> policy),
  /** {@link NormPolicy#ibnA}. */
  IBN_A(NormPolicy::ibnA),
  /** {@link NormPolicy#ibnB}. */
  IBN_B(NormPolicy::ibnB);

  private final UnaryOperator<NormPolicy> rule;

  NormPlacement(UnaryOperator<NormPolicy> rule) {
    this.rule = rule;
  }

  /** {@code base} with this placement applied. */
  public NormPolicy apply(NormPolicy base) {
    return rule.apply(base);
  }
}

package org.normlab.ml.norm;

import java.util.Objects;
import java.util.Optional;

/** The same norm after every convolution of the backbone; nothing after residual sums. */
record UniformNormPolicy(NormFactory factory) implements NormPolicy {

  UniformNormPolicy {
    Objects.requireNonNull(factory, "factory");
  }

  @Override
  public Optional<NormFactory> at(NormSite site, BlockPosition position) {
    return site == NormSite.POST_ADD ? Optional.empty() : Optional.of(factory);
  }
}

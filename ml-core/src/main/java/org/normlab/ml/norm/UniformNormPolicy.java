package org.normlab.ml.norm;

import java.util.Objects;
import java.util.Optional;
import org.normlab.ml.nn.ConvFactory;

/** The same norm after every convolution of the backbone; nothing after residual sums. */
record UniformNormPolicy(NormFactory factory, ConvFactory convolutions) implements NormPolicy {

  UniformNormPolicy {
    Objects.requireNonNull(factory, "factory");
    Objects.requireNonNull(convolutions, "convolutions");
  }

  UniformNormPolicy(NormFactory factory) {
    this(factory, ConvFactory.PLAIN);
  }

  @Override
  public Optional<NormFactory> at(NormSite site, BlockPosition position) {
    return site == NormSite.POST_ADD ? Optional.empty() : Optional.of(factory);
  }
}

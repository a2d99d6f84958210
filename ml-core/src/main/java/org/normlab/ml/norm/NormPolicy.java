package org.normlab.ml.norm;

import java.util.Optional;
import org.normlab.contracts.model.NormSpec;

/**
 * Where norms go, separate from what they are: a backbone asks the policy at every site and places
 * what it gets. Empty means no norm at that site. Uniform puts the same norm at every convolution
 * site and nothing after the residual sum; IBN-a/IBN-b are further policies.
 */
@FunctionalInterface
public interface NormPolicy {

  Optional<NormFactory> at(NormSite site, BlockPosition position);

  /** {@code factory} after every convolution, nothing at {@link NormSite#POST_ADD}. */
  static NormPolicy uniform(NormFactory factory) {
    return new UniformNormPolicy(factory);
  }

  /** {@code spec} after every convolution; see {@link Norms#factory}. */
  static NormPolicy uniform(NormSpec spec, int normBatchSize) {
    return uniform(Norms.factory(spec, normBatchSize));
  }
}

package org.normlab.ml.norm;

import java.util.Optional;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.ConvFactory;

/**
 * Where norms go, separate from what they are: a backbone asks the policy at every site and places
 * what it gets. Empty means no norm at that site. Uniform puts the same norm at every convolution
 * site and nothing after the residual sum; IBN-a/IBN-b are further policies.
 */
@FunctionalInterface
public interface NormPolicy {

  Optional<NormFactory> at(NormSite site, BlockPosition position);

  /**
   * How the backbone builds its convolutions. Plain unless the norm is defined together with its
   * convolutions (MABN: CenConv, and convolutions it can fold into at inference).
   */
  default ConvFactory convolutions() {
    return ConvFactory.PLAIN;
  }

  /** {@code factory} after every convolution, nothing at {@link NormSite#POST_ADD}. */
  static NormPolicy uniform(NormFactory factory) {
    return new UniformNormPolicy(factory);
  }

  /** {@code spec} after every convolution; see {@link Norms#factory}. */
  static NormPolicy uniform(NormSpec spec, int normBatchSize) {
    return new UniformNormPolicy(Norms.factory(spec, normBatchSize), Norms.convolutions(spec));
  }

  /**
   * {@code spec} after every convolution in runs with SGD batches of {@code batchSize} (which
   * MABN's default window needs), with the convolutions the spec asks for; see {@link
   * Norms#factory(NormSpec, int, int)}.
   */
  static NormPolicy uniform(NormSpec spec, int normBatchSize, int batchSize) {
    return new UniformNormPolicy(
        Norms.factory(spec, normBatchSize, batchSize), Norms.convolutions(spec));
  }
}

package org.normlab.ml.norm;

import java.util.Optional;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.ConvFactory;

/**
 * Where norms go, separate from what they are: a backbone asks the policy at every site and places
 * what it gets. Empty means no norm at that site. Uniform puts the same norm at every convolution
 * site and nothing after the residual sum; IBN-a/IBN-b wrap another policy (usually uniform).
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

  /**
   * IBN-a on top of {@code base}: in stages 1-3 the {@link NormSite#CONV1} norm of every block is
   * an {@link InstanceBatchNorm} (first half affine IN, rest {@code base}'s norm); all else as
   * {@code base}.
   */
  static NormPolicy ibnA(NormPolicy base) {
    return new IbnAPolicy(base);
  }

  /**
   * IBN-b on top of {@code base}: affine IN as the stem norm and at {@link NormSite#POST_ADD} of
   * the last block of stages 1 and 2; all else as {@code base}.
   */
  static NormPolicy ibnB(NormPolicy base) {
    return new IbnBPolicy(base);
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

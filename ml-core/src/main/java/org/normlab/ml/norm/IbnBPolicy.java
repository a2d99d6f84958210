package org.normlab.ml.norm;

import java.util.Objects;
import java.util.Optional;
import org.normlab.ml.nn.ConvFactory;

/**
 * IBN-b placement (seeds-spec A.2): affine IN replaces the stem norm, and affine IN goes after the
 * residual sum of the last block of stages 1 and 2 (never a stage's first block, as in the seed's
 * {@code _make_layer}); every other site is the base policy's.
 */
record IbnBPolicy(NormPolicy base) implements NormPolicy {

  private static final int LAST_IBN_STAGE = 2;
  private static final NormFactory INSTANCE =
      channels -> new InstanceNorm2d(channels, Norms.EPSILON);

  IbnBPolicy {
    Objects.requireNonNull(base, "base");
  }

  @Override
  public Optional<NormFactory> at(NormSite site, BlockPosition position) {
    if (site == NormSite.STEM) {
      return Optional.of(INSTANCE);
    }
    if (site == NormSite.POST_ADD) {
      boolean ibnBlock =
          position.stage() >= 1
              && position.stage() <= LAST_IBN_STAGE
              && position.index() > 0
              && position.isLastInStage();
      return ibnBlock ? Optional.of(INSTANCE) : base.at(site, position);
    }
    return base.at(site, position);
  }

  @Override
  public ConvFactory convolutions() {
    return base.convolutions();
  }
}

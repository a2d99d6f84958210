package org.normlab.ml.norm;

import java.util.Objects;
import java.util.Optional;
import org.normlab.ml.nn.ConvFactory;

/**
 * IBN-a placement (seeds-spec A.2-A.4): the norm after the first convolution of every block in
 * stages 1-3 becomes {@link InstanceBatchNorm} (half IN, IN first) whose BN half is what the base
 * policy puts there; stage 4, the stem and every other site are the base policy's.
 */
record IbnAPolicy(NormPolicy base) implements NormPolicy {

  /** Share of the channels that get instance norm in ResNet-family IBN-a. */
  static final double RATIO = 0.5;

  /** Stage 4 keeps plain norms (IBN-Net: no IN in deep layers, which must stay discriminative). */
  static final int LAST_IBN_STAGE = 3;

  IbnAPolicy {
    Objects.requireNonNull(base, "base");
  }

  @Override
  public Optional<NormFactory> at(NormSite site, BlockPosition position) {
    Optional<NormFactory> plain = base.at(site, position);
    if (site != NormSite.CONV1 || position.stage() < 1 || position.stage() > LAST_IBN_STAGE) {
      return plain;
    }
    NormFactory batchHalf = plain.orElse(IdentityNorm::new);
    return Optional.of(
        channels ->
            new InstanceBatchNorm(
                channels, RATIO, InstanceBatchNorm.Order.INSTANCE_FIRST, batchHalf));
  }

  @Override
  public ConvFactory convolutions() {
    return base.convolutions();
  }
}

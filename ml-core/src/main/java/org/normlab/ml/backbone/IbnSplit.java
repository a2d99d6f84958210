package org.normlab.ml.backbone;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.normlab.ml.nn.ConvFactory;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.IdentityNorm;
import org.normlab.ml.norm.InstanceBatchNorm;
import org.normlab.ml.norm.NormFactory;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.norm.NormSite;

/**
 * An IBN-a placement for the DenseNet and MXNet families: at {@code site} in the positions {@code
 * where} accepts, the base policy's norm becomes the BN part of an {@link InstanceBatchNorm}; every
 * other site is the base policy's. The base policy is the run's norm spec, so {@code
 * densenet121_ibn_a} with {@code gn:32} splits into IN | GN.
 */
record IbnSplit(
    NormPolicy base,
    NormSite site,
    Predicate<BlockPosition> where,
    InstanceBatchNorm.Order order,
    double ratio)
    implements NormPolicy {

  /** IBN stays out of the last stage: IN there hurts discrimination (IBN-Net paper). */
  static final int LAST_IBN_STAGE = 3;

  IbnSplit {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(order, "order");
  }

  /**
   * densenet_ibn.py: norm1 of denselayer1, 4, 7, ... (index % 3 == 0) in blocks 1-3, BN first, 40%
   * IN.
   */
  static NormPolicy denseNetIbnA(NormPolicy base) {
    return new IbnSplit(
        base,
        NormSite.BLOCK_INPUT,
        p -> inIbnStages(p) && p.index() % 3 == 0,
        InstanceBatchNorm.Order.BATCH_FIRST,
        0.4);
  }

  /** MXNet ResNet-v2 IBN-a: bn1 on the input of every bottleneck unit in stages 1-3, IN first. */
  static NormPolicy preActivationIbnA(NormPolicy base) {
    return new IbnSplit(
        base,
        NormSite.BLOCK_INPUT,
        IbnSplit::inIbnStages,
        InstanceBatchNorm.Order.INSTANCE_FIRST,
        0.5);
  }

  /** MXNet ResNeXt IBN-a (conv1 fixed): bn1 after conv1 of every unit in stages 1-3, IN first. */
  static NormPolicy afterFirstConvIbnA(NormPolicy base) {
    return new IbnSplit(
        base, NormSite.CONV1, IbnSplit::inIbnStages, InstanceBatchNorm.Order.INSTANCE_FIRST, 0.5);
  }

  private static boolean inIbnStages(BlockPosition position) {
    return position.stage() >= 1 && position.stage() <= LAST_IBN_STAGE;
  }

  @Override
  public Optional<NormFactory> at(NormSite at, BlockPosition position) {
    Optional<NormFactory> plain = base.at(at, position);
    if (at != site || !where.test(position)) {
      return plain;
    }
    NormFactory batchPart = plain.orElse(IdentityNorm::new);
    return Optional.of(channels -> new InstanceBatchNorm(channels, ratio, order, batchPart));
  }

  @Override
  public ConvFactory convolutions() {
    return base.convolutions();
  }
}

package org.normlab.ml.detection.model;

import java.util.Objects;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.ConvFactory;
import org.normlab.ml.norm.NormFactory;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.norm.Norms;

/**
 * The run's norm in every part of the detector, as the MABN detection configs place it (seeds-spec
 * F.3): the backbone's policy (the registry adds IBN-a/IBN-b on top), the FPN's convolutions and
 * the RoI heads' convolutions all get the spec's norm, and all convolutions are of the kind the
 * spec asks for (CenConv for {@code mabn}).
 *
 * <p>The FPN normalizes images, so its norm groups are the run's {@code normBatchSize} images. The
 * RoI heads normalize RoIs: a norm with batch statistics takes them over all RoIs of the step as one
 * group (maskrcnn-benchmark's heads see the per-GPU RoI batch), which {@link ConvNorm} does by
 * viewing (R, C, H, W) as one (1, C, R H, W) sample; per-sample norms (GN, IN, LN) see each RoI.
 *
 * @param backbone the uniform policy handed to the backbone registry
 * @param features the FPN's norm (groups of normBatchSize images)
 * @param heads the RoI heads' norm, built for one group
 * @param convolutions plain, CenConv ({@code mabn}) or foldable ({@code mabn-plain})
 * @param headsPoolRois whether the heads' norm uses batch statistics, taken over all RoIs
 */
public record DetectionNorms(
    NormPolicy backbone,
    NormFactory features,
    NormFactory heads,
    ConvFactory convolutions,
    boolean headsPoolRois) {

  public DetectionNorms {
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(heads, "heads");
    Objects.requireNonNull(convolutions, "convolutions");
  }

  /**
   * The spec's norm everywhere for steps of {@code batchSize} images normalized in groups of
   * {@code normBatchSize}; {@code mabn} without a window averages over batchSize / normBatchSize
   * groups in every layer, heads included (one RoI group per step).
   *
   * @throws IllegalArgumentException as {@link Norms#factory(NormSpec, int, int)}
   */
  public static DetectionNorms of(NormSpec spec, int normBatchSize, int batchSize) {
    NormFactory features = Norms.factory(spec, normBatchSize, batchSize);
    NormSpec headSpec = spec;
    if (spec instanceof NormSpec.MovingAverageBatch mabn) {
      headSpec =
          new NormSpec.MovingAverageBatch(
              mabn.windowFor(batchSize, normBatchSize), mabn.centeredConv());
    }
    return new DetectionNorms(
        NormPolicy.uniform(spec, normBatchSize, batchSize),
        features,
        Norms.factory(headSpec, 1),
        Norms.convolutions(spec),
        spec.usesBatchStatistics());
  }
}

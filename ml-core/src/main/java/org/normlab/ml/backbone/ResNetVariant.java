package org.normlab.ml.backbone;

import java.util.List;

/**
 * One member of the ResNet family as data (timm style): ResNet, ResNeXt and SE-ResNet differ only
 * in these fields, and one {@link ResNet} class builds them all.
 *
 * @param block the residual unit each stage repeats
 * @param depths blocks per stage, four entries
 * @param cardinality groups of the bottleneck's 3x3 convolution (ResNeXt's C; 1 for ResNet)
 * @param widthPerGroup ResNeXt's bottleneck width d: each group gets {@code floor(planes * d / 64)}
 *     channels, so 64 with one group is the plain ResNet bottleneck. Not {@link
 *     BackboneConfig#baseWidth()}, which is the channel count of the first stage.
 * @param squeezeExcite whether a squeeze-and-excitation gate scales the bottleneck's {@code bn3}
 *     output before the residual sum (SE-ResNet)
 */
public record ResNetVariant(
    ResidualBlockType block,
    List<Integer> depths,
    int cardinality,
    int widthPerGroup,
    boolean squeezeExcite) {

  /** The bottleneck width that makes one group exactly {@code planes} wide (ResNet). */
  public static final int PLAIN_WIDTH_PER_GROUP = 64;

  public ResNetVariant {
    depths = List.copyOf(depths);
    if (depths.size() != 4 || depths.stream().anyMatch(d -> d < 1)) {
      throw new IllegalArgumentException("depths must be 4 positive stage depths, got " + depths);
    }
    if (cardinality < 1 || widthPerGroup < 1) {
      throw new IllegalArgumentException(
          "cardinality and widthPerGroup must be >= 1, got " + cardinality + ", " + widthPerGroup);
    }
    boolean plainWidth = cardinality == 1 && widthPerGroup == PLAIN_WIDTH_PER_GROUP;
    if (block == ResidualBlockType.BASIC && (!plainWidth || squeezeExcite)) {
      throw new IllegalArgumentException(
          "BASIC blocks have no bottleneck: cardinality must be 1, widthPerGroup "
              + PLAIN_WIDTH_PER_GROUP
              + " and squeezeExcite false");
    }
  }

  /** A plain ResNet of {@code block}s. */
  public static ResNetVariant resnet(ResidualBlockType block, List<Integer> depths) {
    return new ResNetVariant(block, depths, 1, PLAIN_WIDTH_PER_GROUP, false);
  }

  /** ResNeXt: bottlenecks whose 3x3 convolution has {@code cardinality} groups. */
  public static ResNetVariant resnext(List<Integer> depths, int cardinality, int widthPerGroup) {
    return new ResNetVariant(
        ResidualBlockType.BOTTLENECK, depths, cardinality, widthPerGroup, false);
  }

  /** This variant with the squeeze-and-excitation gate in every block. */
  public ResNetVariant withSqueezeExcite() {
    return new ResNetVariant(block, depths, cardinality, widthPerGroup, true);
  }

  /**
   * Channels of a bottleneck's inner convolutions in a stage of {@code planes}: {@code floor(planes
   * * widthPerGroup / 64) * cardinality}.
   *
   * @throws IllegalArgumentException when a group would get no channel (too small a base width)
   */
  public int bottleneckWidth(int planes) {
    int perGroup = planes * widthPerGroup / PLAIN_WIDTH_PER_GROUP;
    if (perGroup < 1) {
      throw new IllegalArgumentException(
          "A stage of "
              + planes
              + " planes gives each of "
              + cardinality
              + " groups floor("
              + planes
              + " * "
              + widthPerGroup
              + " / 64) = 0 channels; use a baseWidth of at least "
              + (PLAIN_WIDTH_PER_GROUP + widthPerGroup - 1) / widthPerGroup);
    }
    return perGroup * cardinality;
  }
}

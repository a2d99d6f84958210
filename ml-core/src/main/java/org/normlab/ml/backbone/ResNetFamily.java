package org.normlab.ml.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.normlab.ml.norm.NormPlacement;

/**
 * The ResNet family as a table (a variant is data, not a class): ResNet, ResNeXt 32x4d and
 * SE-ResNet, each plain and with the IBN-Net placements the seed code defines (seeds-spec A.2-A.4):
 * ResNets with {@code _ibn_a} and {@code _ibn_b}, ResNeXt and SE-ResNet with {@code _ibn_a}.
 *
 * <p>Names follow timm ({@code resnext50_32x4d}) with IBN-Net's suffixes. The ResNeXt IBN variants
 * are registered as {@code resnext50_32x4d_ibn_a}, consistent with the plain {@code
 * resnext50_32x4d}; IBN-Net's own spelling {@code resnext50_ibn_a} resolves to the same definition
 * as an alias.
 */
final class ResNetFamily {

  private static final List<Integer> DEPTHS_18 = List.of(2, 2, 2, 2);
  private static final List<Integer> DEPTHS_34_50 = List.of(3, 4, 6, 3);
  private static final List<Integer> DEPTHS_101 = List.of(3, 4, 23, 3);
  private static final List<Integer> DEPTHS_152 = List.of(3, 8, 36, 3);

  /** ResNeXt's 32 groups of 4 channels (at 64 planes). */
  private static final int CARDINALITY = 32;

  private static final int WIDTH_PER_GROUP = 4;

  private ResNetFamily() {}

  static List<BackboneDefinition> definitions() {
    List<BackboneDefinition> all = new ArrayList<>();
    all.add(plain("resnet10", "ResNet-10", basic(List.of(1, 1, 1, 1))));
    all.addAll(ibnAb("resnet18", "ResNet-18", basic(DEPTHS_18)));
    all.addAll(ibnAb("resnet34", "ResNet-34", basic(DEPTHS_34_50)));
    all.addAll(ibnAb("resnet50", "ResNet-50", bottleneck(DEPTHS_34_50)));
    all.addAll(ibnAb("resnet101", "ResNet-101", bottleneck(DEPTHS_101)));
    all.addAll(ibnAb("resnet152", "ResNet-152", bottleneck(DEPTHS_152)));
    all.addAll(ibnA("resnext50_32x4d", "ResNeXt-50 32x4d", "resnext50", resnext(DEPTHS_34_50)));
    all.addAll(ibnA("resnext101_32x4d", "ResNeXt-101 32x4d", "resnext101", resnext(DEPTHS_101)));
    all.addAll(ibnA("resnext152_32x4d", "ResNeXt-152 32x4d", "resnext152", resnext(DEPTHS_152)));
    all.addAll(ibnA("se_resnet50", "SE-ResNet-50", null, se(DEPTHS_34_50)));
    all.addAll(ibnA("se_resnet101", "SE-ResNet-101", null, se(DEPTHS_101)));
    all.addAll(ibnA("se_resnet152", "SE-ResNet-152", null, se(DEPTHS_152)));
    return List.copyOf(all);
  }

  private static ResNetVariant basic(List<Integer> depths) {
    return ResNetVariant.resnet(ResidualBlockType.BASIC, depths);
  }

  private static ResNetVariant bottleneck(List<Integer> depths) {
    return ResNetVariant.resnet(ResidualBlockType.BOTTLENECK, depths);
  }

  private static ResNetVariant resnext(List<Integer> depths) {
    return ResNetVariant.resnext(depths, CARDINALITY, WIDTH_PER_GROUP);
  }

  private static ResNetVariant se(List<Integer> depths) {
    return bottleneck(depths).withSqueezeExcite();
  }

  /** Plain, {@code _ibn_a} and {@code _ibn_b}. */
  private static List<BackboneDefinition> ibnAb(String name, String title, ResNetVariant variant) {
    return List.of(
        plain(name, title, variant),
        placed(name + "_ibn_a", title + "-IBN-a", NormPlacement.IBN_A, variant),
        placed(name + "_ibn_b", title + "-IBN-b", NormPlacement.IBN_B, variant));
  }

  /**
   * Plain and {@code _ibn_a}.
   *
   * @param officialPrefix IBN-Net's name stem when it differs ({@code resnext101} for {@code
   *     resnext101_ibn_a}), or null
   */
  private static List<BackboneDefinition> ibnA(
      String name, String title, String officialPrefix, ResNetVariant variant) {
    BackboneDefinition ibnA =
        placed(name + "_ibn_a", title + "-IBN-a", NormPlacement.IBN_A, variant);
    return List.of(
        plain(name, title, variant),
        officialPrefix == null ? ibnA : ibnA.withAlias(officialPrefix + "_ibn_a"));
  }

  private static BackboneDefinition plain(String name, String title, ResNetVariant variant) {
    return placed(name, title, NormPlacement.UNIFORM, variant);
  }

  private static BackboneDefinition placed(
      String name, String title, NormPlacement placement, ResNetVariant variant) {
    String description =
        title
            + ": "
            + variant.block().name().toLowerCase(Locale.ROOT)
            + " blocks "
            + variant.depths()
            + (variant.cardinality() > 1
                ? ", " + variant.cardinality() + " groups x " + variant.widthPerGroup() + "d"
                : "")
            + (variant.squeezeExcite() ? ", squeeze-excitation" : "")
            + ", norms "
            + placement.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return new BackboneDefinition(
        name, description, placement, List.of(), config -> new ResNet(variant, config));
  }
}

package org.normlab.ml.backbone;

import java.util.List;
import java.util.function.UnaryOperator;
import org.normlab.ml.norm.NormPolicy;

/**
 * The MXNet IBN-Net seed's networks (bruinxiong/IBN-Net.mxnet): pre-activation ResNet-v2 and IBN-a,
 * and resnext_w_d_v2 with IBN-a. Names say what the network has: the seed's basic units (depths
 * 18/34) carry no IBN, so those depths are registered as plain {@code resnetNN_v2}.
 */
final class MxResNetFamily {

  /** Units per stage, from the seed's trainers. */
  private static final List<Integer> UNITS_18 = List.of(2, 2, 2, 2);

  private static final List<Integer> UNITS_34_50 = List.of(3, 4, 6, 3);
  private static final List<Integer> UNITS_101 = List.of(3, 4, 23, 3);
  private static final List<Integer> UNITS_152 = List.of(3, 8, 36, 3);

  /** resnext_w_d_v2's cardinality, as in the seed's run script (its dropout is the recipe's). */
  private static final int CARDINALITY = 32;

  private MxResNetFamily() {}

  static List<BackboneDefinition> definitions() {
    return List.of(
        preAct("resnet18_v2", PreActUnitType.BASIC, UNITS_18, false),
        preAct("resnet34_v2", PreActUnitType.BASIC, UNITS_34_50, false),
        preAct("resnet50_v2_ibn_a", PreActUnitType.BOTTLENECK, UNITS_34_50, true),
        preAct("resnet101_v2_ibn_a", PreActUnitType.BOTTLENECK, UNITS_101, true),
        preAct("resnet152_v2_ibn_a", PreActUnitType.BOTTLENECK, UNITS_152, true),
        resnext("resnext50_32x4d_w_d_v2_ibn_a", UNITS_34_50),
        resnext("resnext101_32x4d_w_d_v2_ibn_a", UNITS_101),
        resnext("resnext152_32x4d_w_d_v2_ibn_a", UNITS_152));
  }

  private static BackboneDefinition preAct(
      String name, PreActUnitType unit, List<Integer> units, boolean ibn) {
    UnaryOperator<NormPolicy> placement = ibn ? IbnSplit::preActivationIbnA : p -> p;
    String description =
        "Pre-activation ResNet-v2 (MXNet IBN-Net seed), "
            + unit.name().toLowerCase(java.util.Locale.ROOT)
            + " units "
            + units
            + (ibn ? "; IBN-a: bn1 on the unit input is IN 50% | BN 50% in stages 1-3" : "");
    return new BackboneDefinition(
        name,
        description,
        config -> new PreActResNet(unit, units, placement.apply(config.norms()), config));
  }

  private static BackboneDefinition resnext(String name, List<Integer> units) {
    String description =
        "ResNeXt 32x4d w_d_v2 (MXNet IBN-Net seed, dangling conv01/conv1 fixed): 3x3 stem,"
            + " 3x3 stride-2 projections, dropout before fc1 from the recipe (0.2 in the seed); units "
            + units
            + "; IBN-a after conv1 in stages 1-3";
    return new BackboneDefinition(
        name,
        description,
        config ->
            new ResNeXtWdV2(
                units, CARDINALITY, IbnSplit.afterFirstConvIbnA(config.norms()), config));
  }
}

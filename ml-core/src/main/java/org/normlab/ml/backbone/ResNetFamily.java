package org.normlab.ml.backbone;

import java.util.List;

/** The ResNet depth table: a variant is data (block type and blocks per stage), not a class. */
final class ResNetFamily {

  private ResNetFamily() {}

  static List<BackboneDefinition> definitions() {
    return List.of(
        resnet("resnet10", ResidualBlockType.BASIC, List.of(1, 1, 1, 1)),
        resnet("resnet18", ResidualBlockType.BASIC, List.of(2, 2, 2, 2)),
        resnet("resnet34", ResidualBlockType.BASIC, List.of(3, 4, 6, 3)));
  }

  private static BackboneDefinition resnet(
      String name, ResidualBlockType blockType, List<Integer> depths) {
    String description =
        "ResNet with "
            + blockType.name().toLowerCase(java.util.Locale.ROOT)
            + " blocks "
            + depths
            + " per stage (torchvision layout)";
    return new BackboneDefinition(
        name, description, config -> new ResNet(blockType, depths, config));
  }
}

package org.normlab.ml.backbone;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.normlab.ml.norm.NormPolicy;

/**
 * DenseNet-BC (torchvision) and DenseNet-IBN-a (IBN-Net's densenet_ibn.py): the variant is data
 * (initial features, growth, layers per block); IBN-a is a norm placement over the run's norm.
 */
final class DenseNetFamily {

  private DenseNetFamily() {}

  static List<BackboneDefinition> definitions() {
    List<BackboneDefinition> definitions = new ArrayList<>();
    variant(definitions, "densenet121", new DenseNetShape(64, 32, List.of(6, 12, 24, 16)));
    variant(definitions, "densenet161", new DenseNetShape(96, 48, List.of(6, 12, 36, 24)));
    variant(definitions, "densenet169", new DenseNetShape(64, 32, List.of(6, 12, 32, 32)));
    variant(definitions, "densenet201", new DenseNetShape(64, 32, List.of(6, 12, 48, 32)));
    return List.copyOf(definitions);
  }

  private static void variant(List<BackboneDefinition> into, String name, DenseNetShape shape) {
    String layout =
        "DenseNet-BC, "
            + shape.initFeatures()
            + " initial features, growth "
            + shape.growth()
            + ", blocks "
            + shape.blocks();
    into.add(define(name, layout + " (torchvision layout)", shape, policy -> policy));
    into.add(
        define(
            name + "_ibn_a",
            layout + "; IBN-a: norm1 of every third dense layer in blocks 1-3 is BN 60% | IN 40%",
            shape,
            IbnSplit::denseNetIbnA));
  }

  private static BackboneDefinition define(
      String name, String description, DenseNetShape shape, UnaryOperator<NormPolicy> placement) {
    return new BackboneDefinition(
        name, description, config -> new DenseNet(shape, placement.apply(config.norms()), config));
  }
}

package org.normlab.contracts.model;

import java.util.List;
import java.util.Map;

/**
 * The backbone names a spec may use. ml-core's backbone registry is the implementation; a test in
 * ml-core keeps the two in step, so the API can validate specs without loading the ML engine.
 */
public final class ModelVocabulary {

  /** Registered backbone names, in natural order. */
  public static final List<String> BACKBONES =
      List.of(
          "densenet121",
          "densenet121_ibn_a",
          "densenet161",
          "densenet161_ibn_a",
          "densenet169",
          "densenet169_ibn_a",
          "densenet201",
          "densenet201_ibn_a",
          "resnet10",
          "resnet101",
          "resnet101_ibn_a",
          "resnet101_ibn_b",
          "resnet101_v2_ibn_a",
          "resnet152",
          "resnet152_ibn_a",
          "resnet152_ibn_b",
          "resnet152_v2_ibn_a",
          "resnet18",
          "resnet18_ibn_a",
          "resnet18_ibn_b",
          "resnet18_v2",
          "resnet34",
          "resnet34_ibn_a",
          "resnet34_ibn_b",
          "resnet34_v2",
          "resnet50",
          "resnet50_ibn_a",
          "resnet50_ibn_b",
          "resnet50_v2_ibn_a",
          "resnext101_32x4d",
          "resnext101_32x4d_ibn_a",
          "resnext101_32x4d_w_d_v2_ibn_a",
          "resnext152_32x4d",
          "resnext152_32x4d_ibn_a",
          "resnext152_32x4d_w_d_v2_ibn_a",
          "resnext50_32x4d",
          "resnext50_32x4d_ibn_a",
          "resnext50_32x4d_w_d_v2_ibn_a",
          "se_resnet101",
          "se_resnet101_ibn_a",
          "se_resnet152",
          "se_resnet152_ibn_a",
          "se_resnet50",
          "se_resnet50_ibn_a");

  /**
   * Other spellings the registry accepts, each with the name it stands for: IBN-Net's own names of
   * the ResNeXt-IBN-a models.
   */
  public static final Map<String, String> BACKBONE_ALIASES =
      Map.of(
          "resnext50_ibn_a", "resnext50_32x4d_ibn_a",
          "resnext101_ibn_a", "resnext101_32x4d_ibn_a",
          "resnext152_ibn_a", "resnext152_32x4d_ibn_a");

  /**
   * Backbones a detector (Mask R-CNN with FPN) can be built on: the torchvision-style ResNet family
   * (ResNet, ResNeXt, SE-ResNet, plain or IBN-a/IBN-b), whose stages give FPN its C2..C5. Not
   * DenseNets and not the MXNet pre-activation ({@code _v2}) variants.
   */
  public static final List<String> DETECTION_BACKBONES =
      BACKBONES.stream().filter(ModelVocabulary::hasResNetStages).toList();

  private static boolean hasResNetStages(String name) {
    return !name.startsWith("densenet") && !name.contains("_v2");
  }

  /** Whether {@code name} (or the name an alias stands for) is one of {@link #DETECTION_BACKBONES}. */
  public static boolean isDetectionBackbone(String name) {
    return DETECTION_BACKBONES.contains(BACKBONE_ALIASES.getOrDefault(name, name));
  }

  /** Default base width (channels of the first stage) of the ResNet family. */
  public static final int DEFAULT_BASE_WIDTH = 64;

  private ModelVocabulary() {}

  /** Whether {@code name} is a registered backbone name or alias. */
  public static boolean isBackbone(String name) {
    return BACKBONES.contains(name) || BACKBONE_ALIASES.containsKey(name);
  }
}

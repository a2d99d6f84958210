package org.normlab.contracts.model;

import java.util.List;

/**
 * The backbone names a spec may use. ml-core's backbone registry is the implementation; a test in
 * ml-core keeps the two in step, so the API can validate specs without loading the ML engine.
 */
public final class ModelVocabulary {

  /** Registered backbone names, in natural order. */
  public static final List<String> BACKBONES = List.of("resnet10", "resnet18", "resnet34");

  /** Default base width (channels of the first stage) of the ResNet family. */
  public static final int DEFAULT_BASE_WIDTH = 64;

  private ModelVocabulary() {}

  public static boolean isBackbone(String name) {
    return BACKBONES.contains(name);
  }
}

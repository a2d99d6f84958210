package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.ModelVocabulary;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.norm.NormPolicy;

/**
 * The API's list of detection backbones ({@code ModelVocabulary.DETECTION_BACKBONES}) is exactly
 * the registered backbones a detector can take C2..C5 from ({@link ResNetBody}).
 */
class DetectionBackbonesTest {

  private final BackboneRegistry registry = BackboneRegistry.defaults();

  @Test
  void everyDetectionBackboneHasResNetStagesAndNoOtherBackboneHas() {
    BackboneConfig config = new BackboneConfig(NormPolicy.uniform(NormSpec.parse("bn"), 2, 2), 16, 10,
        new ImageShape(3, 128, 128), 0);
    for (String name : ModelVocabulary.BACKBONES) {
      if (ModelVocabulary.DETECTION_BACKBONES.contains(name)) {
        assertThat(ResNetBody.of(registry.create(name, config)).channels()).as(name).hasSize(4);
      } else {
        assertThatThrownBy(() -> ResNetBody.of(registry.create(name, config))).as(name)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThat(ModelVocabulary.isDetectionBackbone("resnext50_ibn_a")).isTrue();
  }
}

package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.ModelVocabulary;
import org.normlab.ml.norm.NormPlacement;

class BackboneRegistryTest {

  private final BackboneRegistry registry = BackboneRegistry.defaults();

  /** The API validates specs against the contracts vocabulary; the registry must agree with it. */
  @Test
  void registeredNamesAreTheContractVocabulary() {
    assertThat(List.copyOf(registry.names())).isEqualTo(ModelVocabulary.BACKBONES);
  }

  @Test
  void aliasesAreTheContractVocabularysAndResolveToTheirNames() {
    assertThat(registry.aliases()).isEqualTo(ModelVocabulary.BACKBONE_ALIASES);
    assertThat(registry.get("resnext101_ibn_a")).isSameAs(registry.get("resnext101_32x4d_ibn_a"));
    assertThat(registry.names()).doesNotContain("resnext101_ibn_a");
  }

  @Test
  void definitionsCarryTheirNormPlacement() {
    assertThat(registry.get("resnet50").placement()).isEqualTo(NormPlacement.UNIFORM);
    assertThat(registry.get("resnet50_ibn_a").placement()).isEqualTo(NormPlacement.IBN_A);
    assertThat(registry.get("resnet34_ibn_b").placement()).isEqualTo(NormPlacement.IBN_B);
    assertThat(registry.get("se_resnet152_ibn_a").placement()).isEqualTo(NormPlacement.IBN_A);
    assertThat(registry.get("resnext50_32x4d").description())
        .isEqualTo(
            "ResNeXt-50 32x4d: bottleneck blocks [3, 4, 6, 3], 32 groups x 4d, norms uniform");
  }

  @Test
  void unknownNameSuggestsTheClosestAndListsAll() {
    assertThatThrownBy(() -> registry.get("resnet81"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown backbone 'resnet81'; did you mean 'resnet18'? Known: "
                + String.join(", ", ModelVocabulary.BACKBONES));
    assertThatThrownBy(() -> registry.get("resnet50_ibn_c"))
        .hasMessageStartingWith(
            "Unknown backbone 'resnet50_ibn_c'; did you mean 'resnet50_ibn_a'?");
    assertThatThrownBy(() -> registry.get("resnext101_ibn"))
        .hasMessageStartingWith(
            "Unknown backbone 'resnext101_ibn'; did you mean 'resnext101_ibn_a'?");
  }

  @Test
  void farOffNamesGetNoSuggestion() {
    assertThatThrownBy(() -> registry.get("vgg16"))
        .hasMessageStartingWith("Unknown backbone 'vgg16'; Known: densenet121, densenet121_ibn_a,");
  }

  @Test
  void rejectsAnAliasThatIsAlsoAName() {
    BackboneDefinition resnet18 = registry.get("resnet18");
    BackboneDefinition clash = registry.get("resnet34").withAlias("resnet18");
    assertThatThrownBy(() -> BackboneRegistry.of(List.of(resnet18, clash)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("alias 'resnet18' is also a name");
  }

  @Test
  void rejectsDuplicateRegistrations() {
    BackboneDefinition definition = registry.get("resnet18");
    assertThatThrownBy(() -> BackboneRegistry.of(List.of(definition, definition)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'resnet18' registered twice");
  }
}

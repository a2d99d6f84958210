package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.ModelVocabulary;

class BackboneRegistryTest {

  private final BackboneRegistry registry = BackboneRegistry.defaults();

  /** The API validates specs against the contracts vocabulary; the registry must agree with it. */
  @Test
  void registeredNamesAreTheContractVocabulary() {
    assertThat(List.copyOf(registry.names())).isEqualTo(ModelVocabulary.BACKBONES);
  }

  @Test
  void unknownNameSuggestsTheClosestAndListsAll() {
    assertThatThrownBy(() -> registry.get("resnet81"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Unknown backbone 'resnet81'; did you mean 'resnet18'? Known: resnet10, resnet18, resnet34");
  }

  @Test
  void farOffNamesGetNoSuggestion() {
    assertThatThrownBy(() -> registry.get("densenet121"))
        .hasMessage("Unknown backbone 'densenet121'; Known: resnet10, resnet18, resnet34");
  }

  @Test
  void rejectsDuplicateRegistrations() {
    BackboneDefinition definition = registry.get("resnet18");
    assertThatThrownBy(() -> BackboneRegistry.of(List.of(definition, definition)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'resnet18' registered twice");
  }

  @Test
  void editDistanceCountsSingleEdits() {
    assertThat(BackboneRegistry.editDistance("resnet18", "resnet18")).isZero();
    assertThat(BackboneRegistry.editDistance("resnet5O", "resnet50")).isEqualTo(1);
    assertThat(BackboneRegistry.editDistance("", "abc")).isEqualTo(3);
    assertThat(BackboneRegistry.editDistance("resnet81", "resnet18")).isEqualTo(1);
  }
}

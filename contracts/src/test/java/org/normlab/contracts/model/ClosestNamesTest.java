package org.normlab.contracts.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClosestNamesTest {

  @Test
  void editDistanceCountsSingleEdits() {
    assertThat(ClosestNames.editDistance("resnet18", "resnet18")).isZero();
    assertThat(ClosestNames.editDistance("resnet5O", "resnet50")).isEqualTo(1);
    assertThat(ClosestNames.editDistance("", "abc")).isEqualTo(3);
    assertThat(ClosestNames.editDistance("resnet81", "resnet18")).isEqualTo(1);
  }

  @Test
  void typoOfAnIbnNameSuggestsTheNearestNamesFirst() {
    assertThat(ClosestNames.closest("resnet50_ibna", ModelVocabulary.BACKBONES, 3))
        .startsWith("resnet50_ibn_a")
        .hasSizeLessThanOrEqualTo(3);
  }

  @Test
  void nothingIsSuggestedForANameFarFromEveryCandidate() {
    assertThat(ClosestNames.closest("vgg16", List.of("resnet18", "resnet50_ibn_a"), 3)).isEmpty();
  }
}

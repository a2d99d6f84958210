package org.normlab.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.api.system.FieldViolation;

class DatasetRulesTest {

  @Test
  void namesAreKeysNeverPaths() {
    for (String good : List.of("fashion-mnist", "imagenet", "ImageNet_1k.v2", "coco2017", "a")) {
      assertThat(DatasetRules.validName(good)).as(good).isTrue();
    }
    for (String bad : List.of("../etc", "..", "a..b", "a/b", "a\\b", ".hidden", "-x", "image net", "tab\tname",
        "new\nline", "x".repeat(65), "", "caf\u00e9")) {
      assertThat(DatasetRules.validName(bad)).as(bad).isFalse();
    }
    assertThat(DatasetRules.validName(null)).isFalse();
  }

  @Test
  void everyBadFieldIsReportedAtOnceWithTheAllowedTasks() {
    List<FieldViolation> violations = DatasetRules.violations("../x",
        new DatasetRequest("../x", "segmentation", 100_001, "bell\u0007"));

    assertThat(violations).extracting(FieldViolation::field)
        .containsExactly("name", "task", "numClasses", "description");
    assertThat(violations.get(1).allowed()).containsExactly("classification", "detection");
  }

  @Test
  void aCompleteEntryPasses() {
    assertThat(DatasetRules.violations("imagenet",
        new DatasetRequest("imagenet", "Classification", 1000, null))).isEmpty();
  }
}

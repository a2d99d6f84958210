package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.fields;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.Datasets;
import tools.jackson.databind.JsonNode;

/** Specs of task detection: accepted on detection datasets with ResNet-family backbones, refused otherwise. */
class DetectionSpecIT extends ApiIntegrationTest {

  private static final String SHAPES = "coco-shapes-it";

  @BeforeEach
  void registerADetectionDataset() {
    Datasets.activate(this, SHAPES, "detection", 3);
  }

  /** Other tests of the shared context list the active datasets exactly. */
  @AfterEach
  void retireIt() {
    Datasets.retire(this, SHAPES);
  }

  @Test
  void aDetectionSpecOnADetectionDatasetIsAcceptedWithItsRecipe() {
    Response created = post("/api/v1/experiments", """
        {"name": "shapes", "task": "detection", "dataset": "%s", "norm": "gn:4", "recipe": "coco-shapes-cpu",
         "force": true}
        """.formatted(SHAPES));

    assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
    JsonNode spec = created.body().get("spec");
    assertThat(spec.get("task").asString()).isEqualTo("detection");
    assertThat(spec.get("backbone").asString()).isEqualTo("resnet10");
    assertThat(spec.get("iterations").asInt()).isEqualTo(300);
    assertThat(spec.at("/recipe/name").asString()).isEqualTo("coco-shapes-cpu");
    call("POST", "/api/v1/experiments/" + created.body().get("id").asString() + "/cancel", null, ADMIN_TOKEN);
  }

  @Test
  void aDetectionSpecOnAClassificationDatasetIsRefusedNamingTheDetectionDatasets() {
    Response refused = post("/api/v1/experiments", """
        {"name": "wrong set", "task": "detection", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 2, "iterations": 10}
        """);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).contains("application/problem+json");
    assertThat(fields(refused.body().get("errors"))).containsExactly("dataset");
    assertThat(allowed(refused.body().get("errors"), "dataset")).contains(SHAPES).doesNotContain("fashion-mnist");
  }

  @Test
  void aClassificationSpecOnADetectionDatasetIsRefused() {
    Response refused = post("/api/v1/experiments", """
        {"name": "wrong task", "dataset": "%s", "backbone": "resnet10", "norm": "bn", "batchSize": 2,
         "iterations": 10}
        """.formatted(SHAPES));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(fields(refused.body().get("errors"))).containsExactly("dataset");
    assertThat(allowed(refused.body().get("errors"), "dataset")).contains("fashion-mnist").doesNotContain(SHAPES);
  }

  @Test
  void aDetectorOnABackboneWithoutResNetStagesIsRefusedListingTheOnesThatHaveThem() {
    Response refused = post("/api/v1/experiments", """
        {"name": "dense", "task": "detection", "dataset": "%s", "backbone": "densenet121", "norm": "bn",
         "batchSize": 2, "iterations": 10}
        """.formatted(SHAPES));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(fields(refused.body().get("errors"))).containsExactly("backbone");
    assertThat(allowed(refused.body().get("errors"), "backbone")).contains("resnet50", "resnet50_ibn_a", "resnext50_32x4d")
        .doesNotContain("densenet121", "resnet50_v2_ibn_a");
  }

  @Test
  void classificationSettingsAndSeveralReplicasAreRefusedForADetector() {
    Response refused = post("/api/v1/experiments", """
        {"name": "smoothed", "task": "detection", "dataset": "%s", "backbone": "resnet10", "norm": "gn:4",
         "batchSize": 2, "iterations": 10, "replicas": 2, "labelSmoothing": 0.1, "augmentation": "mabn"}
        """.formatted(SHAPES));

    assertThat(refused.status()).isEqualTo(400);
    JsonNode errors = refused.body().get("errors");
    assertThat(fields(errors)).containsExactlyInAnyOrder("replicas", "labelSmoothing", "augmentation");
    assertThat(allowed(errors, "replicas")).containsExactly("1");
    assertThat(allowed(errors, "augmentation")).containsExactly("none");
  }

  @Test
  void anUnknownTaskIsRefusedWithBothTasksAllowed() {
    Response refused = post("/api/v1/experiments", """
        {"name": "seg", "task": "segmentation", "dataset": "%s", "backbone": "resnet10", "norm": "bn",
         "batchSize": 2, "iterations": 10}
        """.formatted(SHAPES));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(fields(refused.body().get("errors"))).containsExactly("task");
    assertThat(allowed(refused.body().get("errors"), "task")).containsExactly("classification", "detection");
  }
}

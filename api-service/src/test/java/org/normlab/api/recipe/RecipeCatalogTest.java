package org.normlab.api.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.api.experiment.CreateExperimentRequest;

/** The recipe files say what seeds-spec section F says the papers' code does. */
class RecipeCatalogTest {

  private final RecipeCatalog catalog = new RecipeCatalog();

  @Test
  void listsThePapersRecipesAndTheCpuOnesByName() {
    assertThat(catalog.names()).containsExactly("coco-shapes-cpu", "fashion-mnist-demo", "fashion-mnist-small-batch",
        "ibn-net-imagenet", "mabn-coco", "mabn-imagenet", "mxnet-ibn");
    assertThat(catalog.all()).allSatisfy(recipe -> {
      assertThat(recipe.description()).isNotBlank();
      assertThat(recipe.sources()).isNotEmpty();
    });
  }

  @Test
  void ibnNetImagenetIsSgdPointOneForHundredEpochsDroppingAtThirtySixtyNinety() {
    CreateExperimentRequest s = settings("ibn-net-imagenet");
    assertThat(List.of(s.batchSize(), s.normBatchSize(), s.epochs())).containsExactly(256, 32, 100);
    assertOptimizer(s, 0.1, false, List.of(30, 60, 90));
    assertThat(s.labelSmoothing()).isZero();
    assertThat(s.dropout()).isZero();
    assertThat(List.of(s.augmentation(), s.validation())).containsExactly("ibn_net", "ibn_net");
  }

  @Test
  void mabnImagenetNormalizesOverPairsWithLabelSmoothing() {
    CreateExperimentRequest s = settings("mabn-imagenet");
    assertThat(List.of(s.batchSize(), s.normBatchSize(), s.epochs())).containsExactly(256, 2, 120);
    assertOptimizer(s, 0.1, false, List.of(30, 60, 90, 120));
    assertThat(s.labelSmoothing()).isEqualTo(0.1);
    assertThat(List.of(s.augmentation(), s.validation())).containsExactly("mabn", "mabn");
  }

  @Test
  void mxnetIbnIsNesterovForHundredTwentyFiveEpochsWithSixDrops() {
    CreateExperimentRequest s = settings("mxnet-ibn");
    assertThat(List.of(s.batchSize(), s.normBatchSize(), s.epochs())).containsExactly(256, 64, 125);
    assertOptimizer(s, 0.1, true, List.of(30, 60, 90, 95, 115, 120));
    assertThat(List.of(s.augmentation(), s.validation())).containsExactly("mxnet", "mxnet");
  }

  @Test
  void mabnCocoIsTheTwoXScheduleOfMaskRcnnAtBatchSixteenInPairs() {
    CreateExperimentRequest s = settings("mabn-coco");
    assertThat(s.task()).isEqualTo("detection");
    assertThat(List.of(s.batchSize(), s.normBatchSize(), s.iterations())).containsExactly(16, 2, 180_000);
    assertThat(s.epochs()).isNull();
    assertThat(s.optimizer().lr()).isEqualTo(0.02);
    assertThat(s.optimizer().momentum()).isEqualTo(0.9);
    assertThat(s.optimizer().weightDecay()).isEqualTo(1e-4);
    assertThat(s.optimizer().schedule().type()).isEqualTo("multistep");
    assertThat(s.optimizer().schedule().gamma()).isEqualTo(0.1);
    assertThat(s.optimizer().schedule().warmupIterations()).isEqualTo(500);
    assertThat(s.optimizer().schedule().warmupFactor()).isEqualTo(1.0 / 3);
    assertThat(catalog.find("mabn-coco").orElseThrow().deviations()).anySatisfy(d -> assertThat(d)
        .contains("120,000 and 160,000"));
  }

  @Test
  void cocoShapesCpuIsASmallDetectionRun() {
    CreateExperimentRequest s = settings("coco-shapes-cpu");
    assertThat(s.task()).isEqualTo("detection");
    assertThat(List.of(s.backbone(), s.baseWidth(), s.batchSize(), s.iterations()))
        .containsExactly("resnet10", 8, 2, 300);
  }

  @Test
  void noRecipePresetsWhatDescribesASubmission() {
    assertThat(catalog.all()).allSatisfy(recipe -> {
      CreateExperimentRequest s = recipe.settings();
      assertThat(s.name()).isNull();
      assertThat(s.dataset()).isNull();
      assertThat(s.norm()).isNull();
      assertThat(s.seed()).isNull();
      assertThat(s.priority()).isNull();
      assertThat(s.owner()).isNull();
    });
  }

  private CreateExperimentRequest settings(String name) {
    return catalog.find(name).orElseThrow().settings();
  }

  private static void assertOptimizer(CreateExperimentRequest s, double lr, boolean nesterov, List<Integer> milestones) {
    assertThat(s.optimizer().lr()).isEqualTo(lr);
    assertThat(s.optimizer().momentum()).isEqualTo(0.9);
    assertThat(s.optimizer().weightDecay()).isEqualTo(1e-4);
    assertThat(s.optimizer().nesterov()).isEqualTo(nesterov);
    assertThat(s.optimizer().schedule().type()).isEqualTo("multistep");
    assertThat(s.optimizer().schedule().milestones()).isEqualTo(milestones);
    assertThat(s.optimizer().schedule().gamma()).isEqualTo(0.1);
    assertThat(s.optimizer().schedule().warmupIterations()).isZero();
  }
}

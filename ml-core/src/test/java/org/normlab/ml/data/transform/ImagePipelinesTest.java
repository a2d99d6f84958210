package org.normlab.ml.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.ValidationTransform;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

class ImagePipelinesTest {

  /**
   * torchvision's Resize(shorter side) + CenterCrop + ToTensor + Normalize on PIL images, landscape
   * and portrait; 1e-6 allows for float32 division order.
   */
  @Test
  void ibnNetValidationMatchesTorchvision() {
    JsonNode cases = TestImages.GOLDEN.get("ibnValidation");
    RgbImage[] images = {TestImages.pattern(97, 131), TestImages.pattern(131, 97)};
    for (int i = 0; i < 2; i++) {
      JsonNode expected = cases.get(i);
      float[] out =
          ImagePipelines.ibnNetValidation(expected.get("resize").asInt(), expected.get("crop").asInt())
              .apply(images[i], new SplittableRandom(0));
      assertThat(Golden.maxAbsDiff(out, Golden.floats(expected.get("output"))))
          .as("case %d", i)
          .isLessThan(1e-6);
    }
  }

  @Test
  void trainingPipelinesAreAFunctionOfTheImageAndTheSeed() {
    RgbImage image = TestImages.pattern(97, 131);
    for (ImagePipeline pipeline :
        new ImagePipeline[] {
          ImagePipelines.ibnNetTrain(32), ImagePipelines.mabnTrain(32), ImagePipelines.mxnetTrain(32)
        }) {
      float[] a = pipeline.apply(image, new SplittableRandom(11));
      float[] b = pipeline.apply(image, new SplittableRandom(11));
      float[] c = pipeline.apply(image, new SplittableRandom(12));
      assertThat(a).hasSize(3 * 32 * 32).isEqualTo(b).isNotEqualTo(c);
    }
  }

  @Test
  void mabnInputsAreBgrFrom0To255AndIbnNetInputsAreStandardized() {
    RgbImage image = TestImages.pattern(60, 80);
    float[] mabn = ImagePipelines.mabnValidation(40, 32).apply(image, new SplittableRandom(0));
    // The center crop's first pixel, blue first.
    RgbImage resized = Bilinear.resize(image, 53, 40).centerCrop(32);
    assertThat(mabn[0]).isEqualTo(resized.at(0, 0, 2));
    assertThat(mabn[2 * 32 * 32]).isEqualTo(resized.at(0, 0, 0));
    float[] ibn = ImagePipelines.ibnNetValidation(40, 32).apply(image, new SplittableRandom(0));
    for (float v : ibn) {
      assertThat(v).isBetween(-2.2f, 2.7f);
    }
  }

  @Test
  void shorterSideIsTruncatedLikeTorchvisionOrRoundedLikeMabn() {
    RgbImage image = TestImages.pattern(97, 131);
    assertThat(ImagePipelines.shorterSideTo(image, 256, false)).containsExactly(345, 256);
    assertThat(ImagePipelines.shorterSideTo(image, 256, true)).containsExactly(346, 256);
  }

  @Test
  void theRegistryServesEveryAugmentationAndValidationTransform() {
    for (Augmentation augmentation : Augmentation.values()) {
      assertThat(ImagePipelines.train(augmentation, 32)).as("%s", augmentation).isNotNull();
    }
    for (ValidationTransform transform : ValidationTransform.values()) {
      assertThat(ImagePipelines.validation(transform, 32)).as("%s", transform).isNotNull();
    }
  }

  @Test
  void pipelinesComeAtAnyInputSizeWithValidationResizedInThePapersProportion() {
    RgbImage image = TestImages.pattern(97, 131);
    assertThat(ImagePipelines.resizeFor(224)).isEqualTo(256);
    assertThat(ImagePipelines.resizeFor(32)).isEqualTo(37);
    assertThat(ImagePipelines.train(Augmentation.IBN_NET, 32).apply(image, new SplittableRandom(1)))
        .hasSize(3 * 32 * 32);
    assertThat(ImagePipelines.validation(ValidationTransform.MABN, 48).apply(image, new SplittableRandom(1)))
        .hasSize(3 * 48 * 48);
    // "none" on a decoded dataset: IBN-Net's deterministic validation path, whatever the generator.
    assertThat(ImagePipelines.train(Augmentation.NONE, 32).apply(image, new SplittableRandom(1)))
        .isEqualTo(ImagePipelines.validation(ValidationTransform.IBN_NET, 32).apply(image, new SplittableRandom(2)));
  }
}

package org.normlab.ml.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.run.ValidationTransform;
import org.normlab.ml.data.transform.ImagePipelines;

class SampleLoaderTest {

  private static final int SIZE = 16;

  /** Samples in memory; reading the indices in {@code unreadable} fails as a permission error would. */
  private static EncodedImages images(List<byte[]> jpegs, Set<Integer> unreadable) {
    return new EncodedImages() {
      @Override
      public int size() {
        return jpegs.size();
      }

      @Override
      public int numClasses() {
        return 4;
      }

      @Override
      public EncodedImage read(int index) throws IOException {
        if (unreadable.contains(index)) {
          throw new AccessDeniedException("sample-" + index);
        }
        return new EncodedImage(jpegs.get(index), index % 4);
      }

      @Override
      public String describe(int index) {
        return "sample-" + index;
      }
    };
  }

  private static SampleLoader loader(EncodedImages images, boolean substitute) {
    return new SampleLoader(images, ImageDecoders.defaultDecoder(),
        ImagePipelines.validation(ValidationTransform.IBN_NET, SIZE), 1, 3 * SIZE * SIZE, substitute);
  }

  private static List<byte[]> jpegs(int count) {
    Random random = new Random(2);
    return java.util.stream.IntStream.range(0, count).mapToObj(i -> TestImageSets.jpeg(i % 4, random)).toList();
  }

  @Test
  void anUnreadableFileIsSkippedAndReplacedLikeACorruptOne() {
    SampleLoader loader = loader(images(jpegs(8), Set.of(3)), true);

    SampleLoader.Sample sample = loader.load(0, 3);

    assertThat(sample.pixels()).hasSize(3 * SIZE * SIZE);
    assertThat(sample.skipped()).isGreaterThanOrEqualTo(1);
    assertThat(loader.load(0, 2).skipped()).isZero();
  }

  @Test
  void inEvaluationAnUnreadableFileIsLeftOutAndCounted() {
    SampleLoader.Sample sample = loader(images(jpegs(4), Set.of(1)), false).load(0, 1);

    assertThat(sample.pixels()).isNull();
    assertThat(sample.skipped()).isEqualTo(1);
  }

  @Test
  void aSplitThatCannotBeReadAtAllFailsInsteadOfLoopingForever() {
    SampleLoader loader = loader(images(jpegs(4), Set.of(0, 1, 2, 3)), true);

    assertThatThrownBy(() -> loader.load(0, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("corrupt or unreadable");
  }
}

package org.normlab.ml.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderImagesTest {

  @TempDir Path root;

  @Test
  void listsImagesBySortedClassThenNameWithTheClassIndexAsLabel() throws Exception {
    List<TestImageSets.Sample> samples = TestImageSets.samples(1, 3, true);
    TestImageSets.write(root.resolve("train"), samples);
    Files.writeString(root.resolve("train").resolve(TestImageSets.classDirectory(2)).resolve("notes.txt"), "x");

    try (ImageFolderImages images = ImageFolderImages.open(root, "train", 4)) {
      assertThat(images.size()).isEqualTo(samples.size()); // notes.txt is not an image
      assertThat(images.classes()).containsExactly("n00001000", "n00001001", "n00001002", "n00001003");
      for (int i = 0; i < samples.size(); i++) {
        EncodedImage read = images.read(i);
        assertThat(read.label()).isEqualTo(samples.get(i).label());
        assertThat(read.bytes()).isEqualTo(samples.get(i).bytes());
        assertThat(images.describe(i)).endsWith(samples.get(i).name());
      }
    }
  }

  @Test
  void classesTxtFixesTheIndexEvenForAClassMissingFromTheSplit() throws Exception {
    TestImageSets.write(root.resolve("val"), TestImageSets.samples(2, 2, false).subList(0, 6)); // classes 0..2
    Files.write(root.resolve("classes.txt"),
        List.of("n00001003", "n00001002", "n00001001", "n00001000"));

    try (ImageFolderImages images = ImageFolderImages.open(root, "val", 4)) {
      assertThat(images.classes()).first().isEqualTo("n00001003");
      // Directory n00001002 (written as class 2) is index 1 in classes.txt.
      assertThat(images.label(0)).isEqualTo(1);
      assertThat(images.label(images.size() - 1)).isEqualTo(3);
    }
  }

  @Test
  void aClassCountOtherThanTheRegisteredOneIsRefused() {
    TestImageSets.write(root.resolve("train"), TestImageSets.samples(1, 1, false));

    assertThatThrownBy(() -> ImageFolderImages.open(root, "train", 10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lists 4 classes")
        .hasMessageContaining("registered with 10");
  }
}

package org.normlab.ml.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.normlab.ml.data.transform.CropBox;
import org.normlab.ml.data.transform.RgbImage;

class ImageIoDecoderTest {

  private final ImageDecoder decoder = ImageDecoders.defaultDecoder();

  @Test
  void decodesAJpegToItsSizeAndColoursInRgbOrder() throws Exception {
    BufferedImage image = new BufferedImage(48, 30, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 30; y++) {
      for (int x = 0; x < 48; x++) {
        image.setRGB(x, y, x < 24 ? 0xd02010 : 0x1030e0);
      }
    }
    RgbImage decoded = decoder.decode(TestImageSets.encode(image, 0.95f));

    assertThat(decoded.height()).isEqualTo(30);
    assertThat(decoded.width()).isEqualTo(48);
    // JPEG is lossy: within a few levels of the source, away from the colour edge.
    assertThat(decoded.at(15, 5, 0)).isBetween(0xd0 - 8, 0xd0 + 8);
    assertThat(decoded.at(15, 5, 2)).isBetween(0x10 - 8, 0x10 + 8);
    assertThat(decoded.at(15, 40, 2)).isBetween(0xe0 - 8, 0xe0 + 8);
    assertThat(decoded.at(15, 40, 0)).isBetween(0x10 - 8, 0x10 + 8);
  }

  @Test
  void decodesGreyJpegsAndPngsToRgb() throws Exception {
    BufferedImage grey = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(3, 4, 0, 200);
    RgbImage fromGrey = decoder.decode(TestImageSets.encode(grey, 1f));
    assertThat(fromGrey.at(4, 3, 0)).isEqualTo(fromGrey.at(4, 3, 1)).isEqualTo(fromGrey.at(4, 3, 2));

    BufferedImage rgb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
    rgb.setRGB(2, 1, 0x123456);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(rgb, "png", png);
    RgbImage fromPng = decoder.decode(png.toByteArray());
    assertThat(new int[] {fromPng.at(1, 2, 0), fromPng.at(1, 2, 1), fromPng.at(1, 2, 2)})
        .containsExactly(0x12, 0x34, 0x56);
  }

  @Test
  void aTruncatedJpegIsCorruptNotGreyFilled() {
    byte[] good = TestImageSets.jpeg(0, new Random(3));
    byte[] truncated = Arrays.copyOf(good, good.length / 2);

    assertThatThrownBy(() -> decoder.decode(truncated))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void randomBytesAndEmptyFilesAreCorrupt() {
    byte[] garbage = new byte[500];
    new Random(4).nextBytes(garbage);
    assertThatThrownBy(() -> decoder.decode(garbage)).isInstanceOf(CorruptImageException.class);
    assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(CorruptImageException.class);
    // A JPEG start marker followed by garbage.
    garbage[0] = (byte) 0xff;
    garbage[1] = (byte) 0xd8;
    assertThatThrownBy(() -> decoder.decode(garbage)).isInstanceOf(CorruptImageException.class);
  }

  @Test
  void decodingOnlyACropGivesTheSamePixelsAsDecodingWholeAndCropping() throws Exception {
    Random random = new Random(5);
    for (int n = 0; n < 20; n++) {
      byte[] jpeg = TestImageSets.jpeg(n % 4, random);
      RgbImage whole = decoder.decode(jpeg);
      int h = whole.height();
      int w = whole.width();
      // Inside the image, touching its edges, and overhanging it (MABN's zero-padded crops).
      CropBox[] boxes = {
        new CropBox(random.nextInt(h / 2), random.nextInt(w / 2), 1 + random.nextInt(h / 2), 1 + random.nextInt(w / 2)),
        new CropBox(0, 0, h, w),
        new CropBox(h - 7, w - 5, 7, 5),
        new CropBox(-3, w - 10, h, 20),
        new CropBox(h + 2, 0, 4, 4),
      };
      for (CropBox box : boxes) {
        try (LazyImage lazy = decoder.open(jpeg)) {
          assertThat(lazy.height()).isEqualTo(h);
          RgbImage region = lazy.region(box);
          assertThat(region.height()).isEqualTo(box.height());
          assertThat(region.width()).isEqualTo(box.width());
          assertThat(region.pixels()).as("%s of %dx%d", box, h, w).isEqualTo(whole.crop(box).pixels());
        }
      }
    }
  }

  @Test
  void aJpegCutBeforeItsEndIsRefusedWhenOpenedEvenIfACropWouldNotReachTheCut() {
    byte[] good = TestImageSets.jpeg(2, new Random(8));
    byte[] cut = Arrays.copyOf(good, good.length - 40);

    assertThatThrownBy(() -> decoder.open(cut))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void unknownDecoderNamesListTheKnownOnes() {
    assertThatThrownBy(() -> ImageDecoders.get("libjpeg"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("imageio");
  }
}

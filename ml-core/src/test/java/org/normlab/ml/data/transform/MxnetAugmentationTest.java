package org.normlab.ml.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * IBN-Net.mxnet's augmentation against OpenCV (make_golden_mxnet_aug.py: cv2.cvtColor HLS,
 * cv2.warpAffine with MXNet's matrix) and its random ranges.
 */
class MxnetAugmentationTest {

  private static final JsonNode GOLDEN = Golden.load("transforms/mxnet_aug.json");

  /**
   * OpenCV's vectorized conversion and our scalar float one can land on different sides of a .5
   * tie: one level, on a few colours in a thousand (the whole-cube test counts them).
   */
  @Test
  void rgbToHlsMatchesOpenCvOnSampledColoursWithHueInHalfDegrees() {
    JsonNode samples = GOLDEN.get("hlsSamples");
    int[] rgb = TestImages.ints(samples.get("rgb"));
    int[] hls = TestImages.ints(samples.get("hls"));
    int mismatches = 0;
    for (int i = 0; i < rgb.length; i += 3) {
      int packed = OpencvHls.fromRgb(rgb[i], rgb[i + 1], rgb[i + 2]);
      int[] ours = {packed >>> 16, (packed >>> 8) & 0xff, packed & 0xff};
      for (int k = 0; k < 3; k++) {
        assertThat(ours[k]).as("colour %d channel %d", i / 3, k).isCloseTo(hls[i + k], within(1));
        mismatches += ours[k] == hls[i + k] ? 0 : 1;
      }
    }
    assertThat(mismatches).isLessThan(rgb.length / 3 / 100);
  }

  @Test
  void hlsToRgbMatchesOpenCvOnSampledHlsColours() {
    JsonNode samples = GOLDEN.get("hlsSamples");
    int[] hls = TestImages.ints(samples.get("hlsIn"));
    int[] rgb = TestImages.ints(samples.get("rgbOut"));
    int mismatches = 0;
    for (int i = 0; i < hls.length; i += 3) {
      int packed = OpencvHls.toRgb(hls[i], hls[i + 1], hls[i + 2]);
      if (packed != ((rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2])) {
        mismatches++;
      }
    }
    assertThat(mismatches).isZero();
  }

  /**
   * All 2^24 colours: lightness exactly OpenCV's; hue and saturation off by one on .5 ties for at
   * most 0.05% of the colours (OpenCV 5: 1747 hues, 3708 saturations, net -107 and -3708 levels);
   * hue reaches 180; the lossy round trip is exact for as many colours, within 0.1%.
   */
  @Test
  void theWholeColourCubeConvertsAndRoundTripsAsOpenCv() {
    JsonNode expected = GOLDEN.get("hlsSummary");
    long hue = 0;
    long lightness = 0;
    long saturation = 0;
    int hueMax = 0;
    int exact = 0;
    for (int c = 0; c < 1 << 24; c++) {
      int hls = OpencvHls.fromRgb(c >>> 16, (c >>> 8) & 0xff, c & 0xff);
      int h = hls >>> 16;
      hue += h;
      lightness += (hls >>> 8) & 0xff;
      saturation += hls & 0xff;
      hueMax = Math.max(hueMax, h);
      if (OpencvHls.toRgb(h, (hls >>> 8) & 0xff, hls & 0xff) == c) {
        exact++;
      }
    }
    long ties = (1 << 24) / 2000;
    assertThat(lightness).isEqualTo(expected.get("lightnessSum").asLong());
    assertThat(hue).isCloseTo(expected.get("hueSum").asLong(), within(ties));
    assertThat(saturation).isCloseTo(expected.get("saturationSum").asLong(), within(ties));
    assertThat(hueMax).isEqualTo(expected.get("hueMax").asInt()).isEqualTo(180);
    int expectedExact = expected.get("exactRoundTrips").asInt();
    assertThat(exact).isCloseTo(expectedExact, within(expectedExact / 1000));
  }

  @Test
  void hslJitterWithFixedOffsetsMatchesOpenCv() {
    RgbImage image = TestImages.pattern(16, 20);
    for (JsonNode c : GOLDEN.get("jitter")) {
      HslJitter.Offsets offsets =
          new HslJitter.Offsets(c.get("hue").asInt(), c.get("saturation").asInt(), c.get("lightness").asInt());
      RgbImage out = HslJitter.apply(image, offsets);
      assertThat(TestImages.unsigned(out)).as("%s", offsets).isEqualTo(TestImages.ints(c.get("output")));
    }
  }

  /** MXNet's warp + crop for fixed scale, aspect and offsets, fill 127 included: every value. */
  @Test
  void affineCropWithFixedScaleAndAspectMatchesOpenCvsWarpAffine() {
    for (JsonNode c : GOLDEN.get("warp")) {
      int size = c.get("size").asInt();
      MxnetAffineCrop crop =
          new MxnetAffineCrop(size, MxnetAffineCrop.storedShorterSideFor(size), 0.667f, 1f, 0.25f, 127);
      RgbImage image = TestImages.pattern(c.get("height").asInt(), c.get("width").asInt());
      MxnetAffineCrop.Draw draw =
          new MxnetAffineCrop.Draw((float) c.get("scale").asDouble(), (float) c.get("ratio").asDouble(),
              c.get("top").asInt(), c.get("left").asInt());
      int[] out = TestImages.unsigned(crop.warp(image, draw));
      int[] expected = TestImages.ints(c.get("output"));
      assertThat(out).as("case %s", c.get("scale")).isEqualTo(expected);
    }
  }

  @Test
  void theFillValueShowsWhereTheNarrowedContentLeavesTheWarpedImage() {
    // ratio 1.25: hs = 2s / 2.25 < s, so the content is narrower than the warped image's width.
    MxnetAffineCrop crop = MxnetAffineCrop.ibnNet(32);
    RgbImage grey = new RgbImage(69, 92, filled(69 * 92 * 3, (byte) 200));
    RgbImage out = crop.warp(grey, new MxnetAffineCrop.Draw(1f, 1.25f, 0, 0));
    assertThat(out.at(10, 0, 0)).isEqualTo(127);
    assertThat(out.at(10, 31, 1)).isEqualTo(200);
  }

  @Test
  void scaleAspectAndOffsetsStayInTheirRangesAndCoverThem() {
    MxnetAffineCrop crop = MxnetAffineCrop.ibnNet(224);
    SplittableRandom random = new SplittableRandom(3);
    float minScale = 2;
    float maxScale = 0;
    float minRatio = 2;
    float maxRatio = 0;
    for (int i = 0; i < 20_000; i++) {
      MxnetAffineCrop.Draw d = crop.draw(480, 640, random);
      minScale = Math.min(minScale, d.scale());
      maxScale = Math.max(maxScale, d.scale());
      minRatio = Math.min(minRatio, d.ratio());
      maxRatio = Math.max(maxRatio, d.ratio());
      assertThat(d.top()).isBetween(0, (int) (d.scale() * 480) - 224);
      assertThat(d.left()).isBetween(0, (int) (d.scale() * 640) - 224);
    }
    assertThat(minScale).isBetween(0.667f, 0.67f);
    assertThat(maxScale).isBetween(0.997f, 1f);
    assertThat(minRatio).isBetween(0.75f, 0.753f);
    assertThat(maxRatio).isBetween(1.247f, 1.25f);

    int[] seen = new int[73];
    HslJitter jitter = HslJitter.IBN_NET_MXNET;
    for (int i = 0; i < 20_000; i++) {
      HslJitter.Offsets o = jitter.draw(random);
      assertThat(o.hue()).isBetween(-36, 36);
      assertThat(o.saturation()).isBetween(-50, 50);
      assertThat(o.lightness()).isBetween(-50, 50);
      seen[o.hue() + 36]++;
    }
    // Truncation toward zero: +-36 needs u exactly 0 or 1, so +-35 bound what is drawn and 0 comes
    // twice as often as its neighbours, as in MXNet.
    for (int h = -35; h <= 35; h++) {
      assertThat(seen[h + 36]).as("hue %d", h).isPositive();
    }
    assertThat(seen[36]).isGreaterThan(seen[37] * 3 / 2);
  }

  @Test
  void anyStoredSizeIsReadThroughTheVirtualResizeToTheStoredShorterSide() {
    MxnetAffineCrop crop = MxnetAffineCrop.ibnNet(32);
    assertThat(crop.storedShorterSide()).isEqualTo(69);
    assertThat(crop.storedSize(100, 300)).containsExactly(69, 207);
    // A uniform colour survives any resize and warp inside the image.
    RgbImage small = new RgbImage(40, 50, filled(40 * 50 * 3, (byte) 90));
    RgbImage out = crop.warp(small, new MxnetAffineCrop.Draw(0.8f, 1f, 5, 9));
    for (byte b : out.pixels()) {
      assertThat(b & 0xff).isEqualTo(90);
    }
  }

  @Test
  void theTrainingPipelineIsTheSameWhateverThreadRunsItAndLazyDecodingChangesNothing() throws Exception {
    ImagePipeline pipeline = ImagePipelines.mxnetTrain(32);
    List<RgbImage> images = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      images.add(TestImages.pattern(40 + 7 * i, 120 - 3 * i));
    }
    List<float[]> serial = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      serial.add(pipeline.apply(images.get(i), new SplittableRandom(1000 + i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<float[]>> parallel = new ArrayList<>();
      for (int i = 0; i < images.size(); i++) {
        int index = i;
        parallel.add(pool.submit(
            () -> pipeline.apply((ImageSource) images.get(index), new SplittableRandom(1000 + index))));
      }
      for (int i = 0; i < images.size(); i++) {
        assertThat(parallel.get(i).get()).as("sample %d", i).isEqualTo(serial.get(i));
      }
    } finally {
      pool.shutdown();
    }
    assertThat(serial.get(0)).hasSize(3 * 32 * 32).isNotEqualTo(pipeline.apply(images.get(0), new SplittableRandom(1)));
    for (float v : serial.get(3)) {
      assertThat(v).isBetween(0f, 255f);
    }
  }

  @Test
  void validationIsTheFlooredCenterCropOfTheShorterSideResizeInRgb0To255() {
    RgbImage image = TestImages.pattern(60, 81);
    float[] out = ImagePipelines.mxnetValidation(37, 32).apply(image, new SplittableRandom(0));
    RgbImage resized = Bilinear.resize(image, 49, 37);
    // (37 - 32) / 2 = 2 and (49 - 32) / 2 = 8, floored as MXNet's y /= 2, x /= 2.
    assertThat(out[0]).isEqualTo(resized.at(2, 8, 0));
    assertThat(out[2 * 32 * 32 + 32 + 1]).isEqualTo(resized.at(3, 9, 2));
  }

  private static byte[] filled(int length, byte value) {
    byte[] bytes = new byte[length];
    java.util.Arrays.fill(bytes, value);
    return bytes;
  }
}

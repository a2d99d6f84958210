package org.normlab.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.normlab.ml.data.image.ImageDecoders;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Decode-only rates on one thread, to RGB(or BGR) bytes in memory: the decoder ml-core uses (the
 * JDK's ImageIO), TwelveMonkeys' ImageIO JPEG reader, and OpenCV's imdecode (org.openpnp's build,
 * libjpeg-turbo, natives bundled in the jar) at full size and with libjpeg's DCT-domain downscale
 * by 2 ({@code IMREAD_REDUCED_COLOR_2}). Best of three passes over the files, alternating decoders.
 */
final class DecoderComparison {

  private static final int PASSES = 3;

  private DecoderComparison() {}

  interface Decode {
    int decode(byte[] jpeg) throws Exception;
  }

  static void measure(List<byte[]> jpegs, Map<String, Object> figures) throws Exception {
    nu.pattern.OpenCV.loadLocally();
    var ours = ImageDecoders.defaultDecoder();
    ImageReaderSpi twelveMonkeys = registered("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi");
    Map<String, Decode> decoders = new LinkedHashMap<>();
    decoders.put("imageio", jpeg -> ours.decode(jpeg).pixels().length);
    decoders.put("twelvemonkeys", jpeg -> {
      ImageReader reader = twelveMonkeys.createReaderInstance();
      try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(jpeg))) {
        reader.setInput(in, true, true);
        BufferedImage image = reader.read(0);
        return image.getWidth() * image.getHeight();
      } finally {
        reader.dispose();
      }
    });
    decoders.put("opencv", jpeg -> openCv(jpeg, Imgcodecs.IMREAD_COLOR));
    decoders.put("opencvReducedBy2", jpeg -> openCv(jpeg, Imgcodecs.IMREAD_REDUCED_COLOR_2));
    Map<String, Double> best = new LinkedHashMap<>();
    for (int pass = 0; pass < PASSES; pass++) {
      for (Map.Entry<String, Decode> decoder : decoders.entrySet()) {
        long started = System.nanoTime();
        for (byte[] jpeg : jpegs) {
          decoder.getValue().decode(jpeg);
        }
        double rate = jpegs.size() / ((System.nanoTime() - started) / 1e9);
        best.merge(decoder.getKey(), rate, Math::max);
      }
    }
    best.forEach((name, rate) -> figures.put("decodeOnly." + name + ".imagesPerSecond", DataPipelineBenchmark.round(rate)));
  }

  /** The registered instance: TwelveMonkeys' provider finds the JDK reader it wraps on registration. */
  private static ImageReaderSpi registered(String className) {
    ImageIO.scanForPlugins();
    Iterator<ImageReaderSpi> providers =
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
    while (providers.hasNext()) {
      ImageReaderSpi provider = providers.next();
      if (provider.getClass().getName().equals(className)) {
        return provider;
      }
    }
    throw new IllegalStateException(className + " is not registered with ImageIO");
  }

  private static int openCv(byte[] jpeg, int flags) {
    MatOfByte encoded = new MatOfByte(jpeg);
    Mat image = Imgcodecs.imdecode(encoded, flags);
    try {
      byte[] pixels = new byte[(int) (image.total() * image.channels())];
      image.get(0, 0, pixels);
      return pixels.length;
    } finally {
      image.release();
      encoded.release();
    }
  }
}

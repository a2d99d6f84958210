package org.normlab.ml.data.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.normlab.ml.data.transform.RgbImage;

/**
 * The JDK's own JPEG (IJG libjpeg in native code) and PNG readers through {@code javax.imageio}.
 * The reader is picked from the magic bytes, once per format, instead of asking the registry per
 * image; bytes are read from memory, never through ImageIO's temp-file cache.
 *
 * <p>libjpeg reports a truncated file only as a warning ("Premature end of JPEG file") and fills the
 * rest with grey; that warning is turned into {@link CorruptImageException}, as Pillow raises
 * "image file is truncated". Other libjpeg warnings (extraneous bytes before a marker) are
 * tolerated, as Pillow does. CMYK and YCCK JPEGs are refused by the JDK reader and so counted as
 * corrupt (ImageNet's train split has 22).
 */
public final class ImageIoDecoder implements ImageDecoder {

  private static final ImageReaderSpi JPEG = spi("jpeg");
  private static final ImageReaderSpi PNG = spi("png");

  @Override
  public String name() {
    return "imageio";
  }

  @Override
  public RgbImage decode(byte[] encoded) throws CorruptImageException {
    ImageReaderSpi spi = spiFor(encoded);
    ImageReader reader;
    try {
      reader = spi.createReaderInstance();
    } catch (IOException e) {
      throw new CorruptImageException("cannot create an image reader", e);
    }
    List<String> truncation = new ArrayList<>(1);
    reader.addIIOReadWarningListener(
        (source, warning) -> {
          if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
            truncation.add(warning);
          }
        });
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded))) {
      reader.setInput(in, true, true);
      BufferedImage image = reader.read(0);
      if (!truncation.isEmpty()) {
        throw new CorruptImageException("truncated image: " + truncation.get(0));
      }
      return toRgb(image);
    } catch (CorruptImageException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new CorruptImageException("undecodable image: " + e.getMessage(), e);
    } finally {
      reader.dispose();
    }
  }

  private static ImageReaderSpi spiFor(byte[] b) throws CorruptImageException {
    if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8) {
      return JPEG;
    }
    if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
      return PNG;
    }
    throw new CorruptImageException("neither a JPEG nor a PNG (" + b.length + " bytes)");
  }

  /** Interleaved RGB bytes from the reader's layout (3-byte BGR for colour JPEGs). */
  static RgbImage toRgb(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    byte[] out = new byte[h * w * 3];
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
      byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < out.length; i += 3) {
        out[i] = bgr[i + 2];
        out[i + 1] = bgr[i + 1];
        out[i + 2] = bgr[i];
      }
    } else if (image.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      byte[] grey = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < grey.length; i++) {
        out[3 * i] = grey[i];
        out[3 * i + 1] = grey[i];
        out[3 * i + 2] = grey[i];
      }
    } else {
      int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
      for (int i = 0; i < argb.length; i++) {
        out[3 * i] = (byte) (argb[i] >> 16);
        out[3 * i + 1] = (byte) (argb[i] >> 8);
        out[3 * i + 2] = (byte) argb[i];
      }
    }
    return new RgbImage(h, w, out);
  }

  private static ImageReaderSpi spi(String format) {
    ImageIO.scanForPlugins();
    Iterator<ImageReaderSpi> spis =
        IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
    ImageReaderSpi jdk = null;
    while (spis.hasNext()) {
      ImageReaderSpi spi = spis.next();
      for (String name : spi.getFormatNames()) {
        if (name.equalsIgnoreCase(format)
            && (jdk == null || spi.getClass().getName().startsWith("com.sun.imageio"))) {
          jdk = spi; // prefer the JDK's own reader over plugins on the classpath
        }
      }
    }
    if (jdk == null) {
      throw new IllegalStateException("No ImageIO reader for " + format);
    }
    return jdk;
  }
}

package org.normlab.ml.data.image;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.normlab.ml.data.transform.CropBox;
import org.normlab.ml.data.transform.RgbImage;

/**
 * The JDK's own JPEG (IJG libjpeg in native code) and PNG readers through {@code javax.imageio}.
 * The reader is picked from the magic bytes, once per format, instead of asking the registry per
 * image; bytes are read from memory, never through ImageIO's temp-file cache.
 *
 * <p>{@link #open} reads the header only; a pipeline that crops first then decodes just its region
 * (an {@code ImageReadParam} source region: libjpeg stops after the region's last row), which gives
 * the same pixels as decoding whole and cropping ({@code ImageIoDecoderTest}).
 *
 * <p>libjpeg reports a truncated file only as a warning ("Premature end of JPEG file") and fills the
 * rest with grey; a JPEG without its end-of-image marker is therefore refused up front (a region
 * decode may stop before the missing tail), and the warning is turned into {@link
 * CorruptImageException} too, as Pillow raises "image file is truncated". Other libjpeg warnings (extraneous bytes before a marker) are
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
    try (LazyImage image = open(encoded)) {
      return image.whole();
    } catch (CorruptImageRuntimeException e) {
      throw e.getCause();
    }
  }

  @Override
  public LazyImage open(byte[] encoded) throws CorruptImageException {
    ImageReaderSpi spi = spiFor(encoded);
    if (spi == JPEG && !endsWithEndOfImage(encoded)) {
      // Decoding only a crop may never reach the missing tail, so truncation is checked up front.
      throw new CorruptImageException("truncated JPEG: no end-of-image marker in its last " + EOI_SEARCH + " bytes");
    }
    return new Opened(spi, encoded);
  }

  /** Trailing bytes searched for the EOI marker: files may carry padding or junk after it. */
  static final int EOI_SEARCH = 1024;

  static boolean endsWithEndOfImage(byte[] b) {
    for (int i = b.length - 2; i >= Math.max(2, b.length - EOI_SEARCH); i--) {
      if ((b[i] & 0xff) == 0xff && (b[i + 1] & 0xff) == 0xd9) {
        return true;
      }
    }
    return false;
  }

  /** A reader positioned after the header; decodes whole or a source region on demand. */
  private static final class Opened implements LazyImage {

    private final ImageReader reader;
    private final ImageInputStream in;
    private final List<String> truncation = new ArrayList<>(1);
    private final int height;
    private final int width;

    Opened(ImageReaderSpi spi, byte[] encoded) throws CorruptImageException {
      try {
        reader = spi.createReaderInstance();
      } catch (IOException e) {
        throw new CorruptImageException("cannot create an image reader", e);
      }
      reader.addIIOReadWarningListener(
          (source, warning) -> {
            if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
              truncation.add(warning);
            }
          });
      in = new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded));
      try {
        reader.setInput(in, true, true);
        height = reader.getHeight(0);
        width = reader.getWidth(0);
      } catch (IOException | RuntimeException e) {
        close();
        throw new CorruptImageException("unreadable image header: " + e.getMessage(), e);
      }
      if (height < 1 || width < 1) {
        close();
        throw new CorruptImageException("image header declares " + width + "x" + height);
      }
    }

    @Override
    public int height() {
      return height;
    }

    @Override
    public int width() {
      return width;
    }

    @Override
    public RgbImage whole() {
      return read(null);
    }

    @Override
    public RgbImage region(CropBox box) {
      int top = Math.max(box.top(), 0);
      int left = Math.max(box.left(), 0);
      int bottom = Math.min(box.top() + box.height(), height);
      int right = Math.min(box.left() + box.width(), width);
      if (top >= bottom || left >= right) {
        return new RgbImage(box.height(), box.width(), new byte[box.height() * box.width() * 3]);
      }
      RgbImage inside = read(new Rectangle(left, top, right - left, bottom - top));
      if (inside.height() == box.height() && inside.width() == box.width()) {
        return inside;
      }
      // The part of the box outside the image is black, as RgbImage.crop pads it.
      return inside.crop(new CropBox(box.top() - top, box.left() - left, box.height(), box.width()));
    }

    private RgbImage read(Rectangle region) {
      ImageReadParam param = reader.getDefaultReadParam();
      if (region != null) {
        param.setSourceRegion(region);
      }
      try {
        BufferedImage image = reader.read(0, param);
        if (!truncation.isEmpty()) {
          throw new CorruptImageException("truncated image: " + truncation.get(0));
        }
        return toRgb(image);
      } catch (CorruptImageException e) {
        throw new CorruptImageRuntimeException(e);
      } catch (IOException | RuntimeException e) {
        throw new CorruptImageRuntimeException(
            new CorruptImageException("undecodable image: " + e.getMessage(), e));
      }
    }

    @Override
    public void close() {
      reader.dispose();
      try {
        in.close();
      } catch (IOException e) {
        // an in-memory stream: nothing to release
      }
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

package org.normlab.ml.detection.coco;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A binary mask in COCO's run-length encoding: alternating runs of 0s and 1s (starting with 0s,
 * so the first run may be empty) over the pixels in column-major order, as pycocotools' RLE.
 * Callers work in row-major order; the transposition is internal. Immutable.
 */
public final class Rle {

  private final int height;
  private final int width;
  private final int[] counts;

  private Rle(int height, int width, int[] counts) {
    this.height = height;
    this.width = width;
    this.counts = counts;
  }

  /** A mask from its runs (column-major, first run of 0s); the runs must cover height*width. */
  public static Rle of(int height, int width, int[] counts) {
    Objects.requireNonNull(counts, "counts");
    if (height < 0 || width < 0) {
      throw new IllegalArgumentException("size must be >= 0, got " + height + "x" + width);
    }
    long sum = 0;
    for (int c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("counts must be >= 0, got " + c);
      }
      sum += c;
    }
    if (sum != (long) height * width) {
      throw new IllegalArgumentException(
          "counts sum to " + sum + " but the mask is " + height + "x" + width + " = "
              + (long) height * width + " pixels");
    }
    return new Rle(height, width, counts.clone());
  }

  /** Encodes a row-major mask of {@code height} rows and {@code width} columns. */
  public static Rle encode(boolean[] rowMajorMask, int height, int width) {
    Objects.requireNonNull(rowMajorMask, "rowMajorMask");
    if (rowMajorMask.length != height * width) {
      throw new IllegalArgumentException(
          "a " + height + "x" + width + " mask needs " + height * width + " values, got "
              + rowMajorMask.length);
    }
    RunBuilder runs = new RunBuilder(height * width);
    for (int x = 0; x < width; x++) {
      for (int y = 0; y < height; y++) {
        runs.add(rowMajorMask[y * width + x], 1);
      }
    }
    return new Rle(height, width, runs.finish());
  }

  /** Encodes a row-major byte mask; any nonzero byte is foreground. */
  public static Rle encode(byte[] rowMajorMask, int height, int width) {
    boolean[] mask = new boolean[rowMajorMask.length];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = rowMajorMask[i] != 0;
    }
    return encode(mask, height, width);
  }

  /** The union of polygons ({@code [x0,y0,x1,y1,...]}) rasterized as pycocotools' frPyObjects. */
  public static Rle fromPolygons(List<double[]> polygons, int height, int width) {
    return union(polygons.stream().map(p -> PolygonRasterizer.rasterize(p, height, width)).toList());
  }

  /** A box {@code [x, y, w, h]} rasterized as pycocotools' frBbox (a four-point polygon). */
  public static Rle fromBox(Box box, int height, int width) {
    return PolygonRasterizer.rasterize(box.toPolygon(), height, width);
  }

  /** Decodes COCO's compressed string form ({@code counts} of a compressed RLE). */
  public static Rle fromCompressedString(String counts, int height, int width) {
    return of(height, width, RleStringCodec.decode(counts));
  }

  /** COCO's compressed string form of the runs. */
  public String toCompressedString() {
    return RleStringCodec.encode(counts);
  }

  /** The mask as row-major booleans. */
  public boolean[] decode() {
    boolean[] mask = new boolean[height * width];
    int pixel = 0;
    boolean value = false;
    for (int run : counts) {
      if (value) {
        for (int i = pixel; i < pixel + run; i++) {
          int x = i / height;
          int y = i - x * height;
          mask[y * width + x] = true;
        }
      }
      pixel += run;
      value = !value;
    }
    return mask;
  }

  /** Number of foreground pixels. */
  public long area() {
    long area = 0;
    for (int j = 1; j < counts.length; j += 2) {
      area += counts[j];
    }
    return area;
  }

  /**
   * The tight box {@code [x, y, w, h]} around the foreground, as pycocotools' toBbox: empty masks
   * give zeros, and a foreground run that wraps into the next column spans the full height.
   */
  public Box toBox() {
    int m = (counts.length / 2) * 2;
    if (m == 0 || height == 0) {
      return new Box(0, 0, 0, 0);
    }
    long xs = width, ys = height, xe = 0, ye = 0, cc = 0, xp = 0;
    for (int j = 0; j < m; j++) {
      cc += counts[j];
      long t = cc - j % 2;
      long y = t % height;
      long x = (t - y) / height;
      if (j % 2 == 0) {
        xp = x;
      } else if (xp < x) {
        ys = 0;
        ye = height - 1;
      }
      xs = Math.min(xs, x);
      xe = Math.max(xe, x);
      ys = Math.min(ys, y);
      ye = Math.max(ye, y);
    }
    return new Box(xs, ys, xe - xs + 1, ye - ys + 1);
  }

  /** The union of masks of one size, as pycocotools' merge (one mask is returned unchanged). */
  public static Rle union(List<Rle> masks) {
    return RleMerge.merge(masks, false);
  }

  /** The intersection of masks of one size, as pycocotools' merge(intersect=True). */
  public static Rle intersection(List<Rle> masks) {
    return RleMerge.merge(masks, true);
  }

  /** This mask mirrored left to right (column x becomes width-1-x). */
  public Rle flipHorizontal() {
    boolean[] mask = decode();
    boolean[] flipped = new boolean[mask.length];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        flipped[y * width + (width - 1 - x)] = mask[y * width + x];
      }
    }
    return encode(flipped, height, width);
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** A copy of the runs. */
  public int[] counts() {
    return counts.clone();
  }

  int[] countsView() {
    return counts;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rle other
        && height == other.height
        && width == other.width
        && Arrays.equals(counts, other.counts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * height + width) + Arrays.hashCode(counts);
  }

  @Override
  public String toString() {
    return "Rle[" + height + "x" + width + ", area " + area() + "]";
  }

  /** Accumulates alternating runs, starting with a run of 0s. */
  static final class RunBuilder {
    private int[] runs;
    private int size;
    private boolean current;
    private int length;

    RunBuilder(int capacityHint) {
      runs = new int[Math.max(4, Math.min(capacityHint + 1, 1024))];
    }

    void add(boolean value, int count) {
      if (count == 0) {
        return;
      }
      if (value != current) {
        push(length);
        current = value;
        length = 0;
      }
      length += count;
    }

    int[] finish() {
      push(length);
      return Arrays.copyOf(runs, size);
    }

    private void push(int run) {
      if (size == runs.length) {
        runs = Arrays.copyOf(runs, runs.length * 2);
      }
      runs[size++] = run;
    }
  }
}

package org.normlab.ml.detection.coco;

import java.util.Arrays;

/**
 * Polygon to RLE as pycocotools' {@code rleFrPoly} defines it, so that our masks of COCO polygons
 * are pixel-identical to the official ones: the vertices are scaled by 5 and rounded, every edge is
 * walked densely on that finer grid, the points where the walk changes column are mapped back to
 * pixel columns (keeping only those landing exactly on a column centre) and give, per column, the
 * rows where inside and outside alternate; sorted, those positions are the runs.
 */
final class PolygonRasterizer {

  private static final double SCALE = 5;

  private PolygonRasterizer() {}

  static Rle rasterize(double[] xy, int height, int width) {
    if (xy.length % 2 != 0) {
      throw new IllegalArgumentException(
          "a polygon is [x0,y0,x1,y1,...]: needs an even count of numbers, got " + xy.length);
    }
    int k = xy.length / 2;
    int[] x = new int[k + 1];
    int[] y = new int[k + 1];
    for (int j = 0; j < k; j++) {
      x[j] = (int) (SCALE * xy[2 * j] + .5); // truncation toward zero, as C's (int) cast
      y[j] = (int) (SCALE * xy[2 * j + 1] + .5);
    }
    x[k] = x[0];
    y[k] = y[0];
    int[][] walk = walkEdges(x, y, k);
    long[] crossings = columnCrossings(walk[0], walk[1], height, width);
    return Rle.of(height, width, runs(crossings, height, width));
  }

  /** Dense integer points along every edge on the upsampled grid. */
  private static int[][] walkEdges(int[] x, int[] y, int k) {
    int m = 0;
    for (int j = 0; j < k; j++) {
      m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
    }
    int[] u = new int[m];
    int[] v = new int[m];
    m = 0;
    for (int j = 0; j < k; j++) {
      int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
      int dx = Math.abs(xe - xs);
      int dy = Math.abs(ys - ye);
      // Each edge is walked from its lower end so that both orientations give the same points.
      boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
      if (flip) {
        int t = xs;
        xs = xe;
        xe = t;
        t = ys;
        ys = ye;
        ye = t;
      }
      if (dx >= dy) {
        double s = (double) (ye - ys) / dx;
        for (int d = 0; d <= dx; d++) {
          int t = flip ? dx - d : d;
          u[m] = t + xs;
          v[m] = (int) (ys + s * t + .5);
          m++;
        }
      } else {
        double s = (double) (xe - xs) / dy;
        for (int d = 0; d <= dy; d++) {
          int t = flip ? dy - d : d;
          v[m] = t + ys;
          u[m] = (int) (xs + s * t + .5);
          m++;
        }
      }
    }
    return new int[][] {u, v};
  }

  /** Column-major positions (x*h + y) where a column enters or leaves the polygon. */
  private static long[] columnCrossings(int[] u, int[] v, int height, int width) {
    long[] positions = new long[u.length + 1];
    int m = 0;
    for (int j = 1; j < u.length; j++) {
      if (u[j] == u[j - 1]) {
        continue;
      }
      double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
      xd = (xd + .5) / SCALE - .5;
      if (Math.floor(xd) != xd || xd < 0 || xd > width - 1) {
        continue;
      }
      double yd = Math.min(v[j], v[j - 1]);
      yd = (yd + .5) / SCALE - .5;
      if (yd < 0) {
        yd = 0;
      } else if (yd > height) {
        yd = height;
      }
      yd = Math.ceil(yd);
      positions[m++] = (long) xd * height + (long) yd;
    }
    positions[m++] = (long) height * width;
    return Arrays.copyOf(positions, m);
  }

  /** Sorted crossing positions to runs; a zero gap cancels a crossing pair (it merges the runs). */
  private static int[] runs(long[] positions, int height, int width) {
    Arrays.sort(positions);
    long[] gaps = new long[positions.length];
    long previous = 0;
    for (int j = 0; j < positions.length; j++) {
      gaps[j] = positions[j] - previous;
      previous = positions[j];
    }
    int[] runs = new int[gaps.length];
    int m = 0;
    int j = 0;
    runs[m++] = (int) gaps[j++];
    while (j < gaps.length) {
      if (gaps[j] > 0) {
        runs[m++] = (int) gaps[j++];
      } else {
        j++;
        if (j < gaps.length) {
          runs[m - 1] += (int) gaps[j++];
        }
      }
    }
    return Arrays.copyOf(runs, m);
  }
}

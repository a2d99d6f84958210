package org.normlab.ml.detection.coco;

import java.util.List;

/** Union and intersection of run-length masks, walking the runs of both without decoding. */
final class RleMerge {

  private RleMerge() {}

  static Rle merge(List<Rle> masks, boolean intersect) {
    if (masks.isEmpty()) {
      return Rle.of(0, 0, new int[0]);
    }
    Rle result = masks.get(0);
    for (int i = 1; i < masks.size(); i++) {
      result = pair(result, masks.get(i), intersect);
    }
    return result;
  }

  private static Rle pair(Rle a, Rle b, boolean intersect) {
    if (a.height() != b.height() || a.width() != b.width()) {
      throw new IllegalArgumentException(
          "cannot merge masks of different sizes: " + a.height() + "x" + a.width() + " and "
              + b.height() + "x" + b.width());
    }
    RunCursor ca = new RunCursor(a.countsView());
    RunCursor cb = new RunCursor(b.countsView());
    Rle.RunBuilder out = new Rle.RunBuilder(a.countsView().length + b.countsView().length);
    long remaining = (long) a.height() * a.width();
    while (remaining > 0) {
      int step = Math.min(ca.left, cb.left);
      boolean value = intersect ? ca.value && cb.value : ca.value || cb.value;
      out.add(value, step);
      ca.advance(step);
      cb.advance(step);
      remaining -= step;
    }
    return Rle.of(a.height(), a.width(), out.finish());
  }

  /** Position inside a run list: the value of the current run and how much of it is left. */
  static final class RunCursor {
    private final int[] counts;
    private int index;
    boolean value;
    int left;

    RunCursor(int[] counts) {
      this.counts = counts;
      this.left = counts.length == 0 ? 0 : counts[0];
      skipEmpty();
    }

    void advance(int step) {
      left -= step;
      skipEmpty();
    }

    private void skipEmpty() {
      while (left == 0 && index + 1 < counts.length) {
        index++;
        left = counts[index];
        value = !value;
      }
    }
  }
}

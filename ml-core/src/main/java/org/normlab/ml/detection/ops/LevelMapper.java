package org.normlab.ml.detection.ops;

/**
 * Which FPN level pools a RoI (FPN paper, eq. 1): {@code floor(4 + log2(sqrt(area) / 224) + 1e-6)},
 * clamped to {@code [minLevel, maxLevel]}, as torchvision's {@code LevelMapper}: a 224x224 box goes
 * to level 4 (stride 16), each halving of its side one level down.
 *
 * <p>The area has no "+1" (see {@link BoxOps}), and the 1e-6 is added after the logarithm as
 * torchvision does; maskrcnn-benchmark adds it inside ({@code log2(sqrt(area) / 224 + 1e-6)}) and
 * uses the +1 area, so its levels differ for boxes within a hair of a level boundary. Arithmetic is
 * in float, as torchvision's on float32 boxes.
 */
public record LevelMapper(int minLevel, int maxLevel, int canonicalScale, int canonicalLevel) {

  private static final float EPS = 1e-6f;

  public LevelMapper {
    if (minLevel > maxLevel) {
      throw new IllegalArgumentException("minLevel " + minLevel + " > maxLevel " + maxLevel);
    }
  }

  /** FPN's mapping over levels {@code minLevel..maxLevel} (canonical 224 pixels at level 4). */
  public LevelMapper(int minLevel, int maxLevel) {
    this(minLevel, maxLevel, 224, 4);
  }

  /** The level of one box. */
  public int level(float x1, float y1, float x2, float y2) {
    float side = (float) Math.sqrt((x2 - x1) * (y2 - y1));
    float log2 = (float) (Math.log(side / canonicalScale) / Math.log(2));
    double level = Math.floor((canonicalLevel + log2) + EPS);
    // NaN or -inf (empty boxes) floor to the smallest level, as the clamp of torch.floor does
    if (Double.isNaN(level) || level < minLevel) {
      return minLevel;
    }
    return (int) Math.min(level, maxLevel);
  }

  /** Levels of {@code boxes.length / 4} boxes given as {@code [x1, y1, x2, y2, ...]}. */
  public int[] levels(float[] boxes) {
    int[] levels = new int[boxes.length / 4];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = level(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]);
    }
    return levels;
  }
}

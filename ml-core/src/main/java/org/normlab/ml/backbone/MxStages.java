package org.normlab.ml.backbone;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import org.normlab.ml.nn.NamedSequentialBlock;
import org.normlab.ml.norm.BlockPosition;

/**
 * The stage layout shared by the MXNet seed's symbols: four stages {@code stage1..stage4} of units
 * {@code unit1..unitN}; the first unit of stages 2-4 has stride 2, and the first unit of every
 * stage projects its shortcut (the seed passes dim_match=False there even when 64 -> 64 channels).
 */
final class MxStages {

  static final int STAGES = 4;

  /** Builds one unit: input channels, output channels, stride, whether it projects, position. */
  @FunctionalInterface
  interface UnitFactory {
    Block create(int inChannels, int filters, int stride, boolean project, BlockPosition position);
  }

  /** The built stages and the channels out of the last one. */
  record Built(List<Block> stages, int outChannels) {}

  private MxStages() {}

  /**
   * @param units units per stage, four entries
   * @param filters output channels of stage s (0-based)
   */
  static Built build(
      List<Integer> units,
      java.util.function.IntUnaryOperator filters,
      int inChannels,
      UnitFactory factory) {
    if (units.size() != STAGES || units.stream().anyMatch(u -> u < 1)) {
      throw new IllegalArgumentException("need 4 positive stage unit counts, got " + units);
    }
    List<Block> stages = new ArrayList<>();
    int channels = inChannels;
    for (int s = 0; s < STAGES; s++) {
      NamedSequentialBlock stage = new NamedSequentialBlock();
      int count = units.get(s);
      for (int u = 0; u < count; u++) {
        int stride = s > 0 && u == 0 ? 2 : 1;
        BlockPosition position = new BlockPosition(s + 1, u, count);
        stage.add(
            "unit" + (u + 1),
            factory.create(channels, filters.applyAsInt(s), stride, u == 0, position));
        channels = filters.applyAsInt(s);
      }
      stages.add(stage);
    }
    return new Built(stages, channels);
  }
}

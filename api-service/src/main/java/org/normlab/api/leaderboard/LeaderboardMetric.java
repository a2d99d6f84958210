package org.normlab.api.leaderboard;

import java.util.List;
import java.util.Optional;

/**
 * A metric a leaderboard ranks by: its task, the column holding our value (null while no run of
 * ours can produce it), the direction, and the key of the paper tables' figure to compare with.
 *
 * @param relativeToBn the paper figure is this norm's value over BN's on the same backbone (absolute
 *     numbers from unstated hardware are not comparable); ours is compared as the same ratio
 */
public record LeaderboardMetric(String name, String task, String column, boolean lowerIsBetter, String unit,
    String referenceKey, boolean relativeToBn) {

  public static final List<LeaderboardMetric> ALL = List.of(
      new LeaderboardMetric("top1Error", "classification", "top1_error", true, "% error", "top1Error", false),
      new LeaderboardMetric("top5Error", "classification", "top5_error", true, "% error", "top5Error", false),
      new LeaderboardMetric("imagesPerSecond", "classification", "images_per_second", false,
          "images/s, inference at batch 32 and the dataset's input size", "speedRelativeToBn", true),
      detection("boxAp", "box_ap"), detection("boxAp50", "box_ap50"), detection("boxAp75", "box_ap75"),
      detection("maskAp", "mask_ap"), detection("maskAp50", "mask_ap50"), detection("maskAp75", "mask_ap75"),
      detection("boxApSmall", "box_ap_small"), detection("boxApMedium", "box_ap_medium"),
      detection("boxApLarge", "box_ap_large"), detection("boxAr100", "box_ar100"),
      detection("maskApSmall", "mask_ap_small"), detection("maskApMedium", "mask_ap_medium"),
      detection("maskApLarge", "mask_ap_large"), detection("maskAr100", "mask_ar100"));

  /** A COCO number (percent, higher is better); the paper tables report box and mask AP, AP50, AP75. */
  private static LeaderboardMetric detection(String name, String column) {
    return new LeaderboardMetric(name, "detection", column, false, name.contains("Ar") ? "AR %" : "AP %", name,
        false);
  }

  static List<String> tasks() {
    return ALL.stream().map(LeaderboardMetric::task).distinct().toList();
  }

  public static List<String> names(String task) {
    return ALL.stream().filter(m -> m.task().equals(task)).map(LeaderboardMetric::name).toList();
  }

  public static Optional<LeaderboardMetric> find(String task, String name) {
    return ALL.stream().filter(m -> m.task().equals(task) && m.name().equals(name)).findFirst();
  }
}

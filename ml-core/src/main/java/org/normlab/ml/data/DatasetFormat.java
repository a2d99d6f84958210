package org.normlab.ml.data;

import java.util.List;

/**
 * How a registered dataset is laid out on disk, which files make up each split, and the pixel
 * statistics its inputs are standardized with.
 */
public enum DatasetFormat {

  /**
   * Fashion-MNIST as shipped by Debian's {@code dataset-fashion-mnist}: four gzip'd IDX files.
   *
   * <p>Pixel statistics: mean 0.2860406 and standard deviation 0.3530242 of all 60,000 x 28 x 28
   * train pixels after scaling to [0, 1] (population std, computed once from the Debian files and
   * checked by {@code FashionMnistIdxTest}). The test split is standardized with the same numbers.
   */
  FASHION_MNIST_IDX(
      new PixelStatistics(new float[] {0.2860406f}, new float[] {0.3530242f}),
      "sudo apt-get install dataset-fashion-mnist") {
    @Override
    public List<String> files(Split split) {
      String prefix = split == Split.TRAIN ? "train" : "t10k";
      return List.of(prefix + "-images-idx3-ubyte.gz", prefix + "-labels-idx1-ubyte.gz");
    }
  };

  private final PixelStatistics statistics;
  private final String installHint;

  DatasetFormat(PixelStatistics statistics, String installHint) {
    this.statistics = statistics;
    this.installHint = installHint;
  }

  /** Fixed per-channel mean and standard deviation of [0, 1]-scaled pixels. */
  public PixelStatistics statistics() {
    return statistics;
  }

  /** The command that installs the files when they are missing from the default location. */
  public String installHint() {
    return installHint;
  }

  /** File names of a split, relative to the dataset's location. */
  public abstract List<String> files(Split split);
}

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
  },

  /**
   * ImageNet's folder layout: {@code train/<wnid>/*.JPEG} and {@code val/<wnid>/*.JPEG} (the test
   * split is {@code val}). Class index = position of the class directory name in the sorted list,
   * or in {@code classes.txt} (one name a line) when the location holds one. Streamed: decoded and
   * augmented per batch ({@link org.normlab.ml.data.image.StreamedImages}).
   *
   * <p>Pixel statistics: ImageNet's RGB mean and std as torchvision's Normalize uses them; they
   * apply to images fed without augmentation, the recipes' pipelines carry their own.
   */
  IMAGENET_FOLDER(PixelStatistics.IMAGENET_RGB, "place train/<class>/*.JPEG and val/<class>/*.JPEG under the location") {
    @Override
    public List<String> files(Split split) {
      return List.of(split == Split.TRAIN ? "train" : "val");
    }

    @Override
    public boolean streamed() {
      return true;
    }
  },

  /**
   * MXNet RecordIO as the MXNet seed packs ImageNet ({@code im2rec}): {@code train.rec} + {@code
   * train.idx} and {@code val.rec} + {@code val.idx}; each record an IRHeader (flag, float label,
   * id, id2; {@code flag} extra float labels when flag > 0) and the JPEG bytes. Streamed, read by
   * offset through the .idx ({@link org.normlab.ml.data.image.RecordIoImages}).
   */
  MXNET_RECORDIO(PixelStatistics.IMAGENET_RGB, "place train.rec/train.idx and val.rec/val.idx (im2rec output) under the location") {
    @Override
    public List<String> files(Split split) {
      String prefix = split == Split.TRAIN ? "train" : "val";
      return List.of(prefix + ".rec", prefix + ".idx");
    }

    @Override
    public boolean streamed() {
      return true;
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

  /** File (or directory) names of a split, relative to the dataset's location. */
  public abstract List<String> files(Split split);

  /**
   * True for formats too large for memory: their splits are decoded batch by batch by {@link
   * org.normlab.ml.data.image.StreamedImages}, not loaded by {@link DatasetLoader}.
   */
  public boolean streamed() {
    return false;
  }
}

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
  },

  /**
   * COCO detection data as {@code org.normlab.ml.detection.coco.SyntheticCoco} writes it and COCO
   * itself can be laid out: {@code annotations/instances_<split>.json} and the images under
   * {@code <split>/}, the train split named {@code train}, the test split {@code val} (for COCO
   * 2017, link {@code train2017}/{@code val2017} and their json files to those names). Trained by
   * {@code org.normlab.ml.detection.train.DetectionJob}: a definition's numClasses is the number of
   * object categories (without background), height and width the training resize (shorter side
   * {@code height}, longer side at most {@code width}: 800 and 1333 in the MABN COCO recipe).
   *
   * <p>Pixel statistics: maskrcnn-benchmark's {@code PIXEL_MEAN} (102.9801, 115.9465, 122.7717 in
   * B, G, R order; here per R, G, B of [0, 1]-scaled pixels) and {@code PIXEL_STD} 1 on the 0-255
   * scale, so {@code (p / 255 - mean) / std = p - PIXEL_MEAN}; the detector takes the channels in
   * BGR order as maskrcnn-benchmark does ({@code TO_BGR255}).
   */
  COCO_JSON(
      new PixelStatistics(
          new float[] {122.7717f / 255, 115.9465f / 255, 102.9801f / 255},
          new float[] {1f / 255, 1f / 255, 1f / 255}),
      "place annotations/instances_train.json with the images under train/ (and instances_val.json"
          + " with val/) under the location") {
    @Override
    public List<String> files(Split split) {
      String name = cocoSplit(split);
      return List.of("annotations/instances_" + name + ".json", name);
    }
  };

  /** The COCO split name of {@code split}: {@code train} or {@code val}. */
  public static String cocoSplit(Split split) {
    return split == Split.TRAIN ? "train" : "val";
  }

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

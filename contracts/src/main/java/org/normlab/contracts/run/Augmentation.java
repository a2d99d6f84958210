package org.normlab.contracts.run;

/**
 * How training images are augmented, one value per paper's pipeline (seeds-spec F). The names are
 * the wire vocabulary; ml-core owns the transforms.
 */
public enum Augmentation {
  /** Images as the dataset stores them, standardized with its pixel statistics. */
  NONE,
  /** IBN-Net: RandomResizedCrop 224 (area 0.08-1, ratio 3/4-4/3), flip, RGB mean/std. */
  IBN_NET,
  /** MABN: square random crop (area 0.08-1), PCA lighting 0.1, flip, BGR 0-255 without mean/std. */
  MABN,
  /** MXNet IBN-Net: random crop 224 with scale and aspect jitter, HSL jitter (36, 50, 50), mirror. */
  MXNET
}

package org.normlab.contracts.run;

/** How validation images are prepared, one value per paper's evaluation (seeds-spec F). */
public enum ValidationTransform {
  /** Images as the dataset stores them, standardized with its pixel statistics. */
  NONE,
  /** IBN-Net: resize the shorter side to 256, center crop 224, RGB mean/std. */
  IBN_NET,
  /** MABN: shorter side to 256 (bilinear), center crop 224, BGR 0-255 without mean/std. */
  MABN,
  /** MXNet IBN-Net: center crop 224 of images stored at shorter side 256 (val_256_q90.rec). */
  MXNET
}

package org.normlab.ml.norm;

/** Where in a backbone a norm may go. */
public enum NormSite {
  /** After the stem convolution ({@code bn1}). */
  STEM,
  /** After a residual block's first convolution ({@code layerS.I.bn1}). */
  CONV1,
  /** After its second convolution ({@code bn2}). */
  CONV2,
  /** After a bottleneck's third convolution ({@code bn3}). */
  CONV3,
  /** In the projection shortcut ({@code downsample.1}). */
  DOWNSAMPLE,
  /**
   * After the residual sum, before the last ReLU (IBN-b's {@code IN}); no norm in plain ResNets.
   */
  POST_ADD,
  /**
   * On a pre-activation block's input, before its first convolution (DenseNet's {@code norm1},
   * ResNet-v2's {@code bn1}).
   */
  BLOCK_INPUT,
  /** In a DenseNet transition between dense blocks ({@code transitionT.norm}). */
  TRANSITION,
  /** After the last stage, before pooling (DenseNet's {@code norm5}, ResNet-v2's {@code bn1}). */
  FINAL
}

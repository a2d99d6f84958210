package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.nn.ConvFactory;
import org.normlab.ml.nn.NamedSequentialBlock;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.IdentityNorm;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.norm.NormSite;

/** Small helpers shared by the ResNet blocks. */
final class Layers {

  private Layers() {}

  /** A bias-free k x k convolution with "same" padding for odd k (as in torchvision). */
  static Block conv(int kernel, int filters, int stride) {
    return ConvFactory.PLAIN.create(kernel, filters, stride);
  }

  /**
   * The same convolution, of the kind the norm policy asks for (MABN: CenConv). Blocks build their
   * convolutions through this so that {@code mabn} can replace every one of them.
   */
  static Block conv(NormPolicy norms, int kernel, int filters, int stride) {
    return conv(norms, kernel, filters, stride, 1);
  }

  /** A grouped convolution of the policy's kind (ResNeXt's 3x3). */
  static Block conv(NormPolicy norms, int kernel, int filters, int stride, int groups) {
    return norms.convolutions().create(kernel, filters, stride, groups);
  }

  /** The policy's norm at a site, or the identity when the policy puts none there. */
  static Block norm(NormPolicy norms, NormSite site, BlockPosition position, int channels) {
    return norms
        .at(site, position)
        .map(factory -> factory.create(channels))
        .orElseGet(() -> new IdentityNorm(channels));
  }

  /**
   * torchvision's projection shortcut, {@code downsample}: a 1x1 convolution (stride) and the
   * policy's norm at {@link NormSite#DOWNSAMPLE}, children "0" and "1" as in the official keys.
   */
  static Block projection(NormPolicy norms, BlockPosition position, int channels, int stride) {
    return new NamedSequentialBlock()
        .add("0", conv(norms, 1, channels, stride))
        .add("1", norm(norms, NormSite.DOWNSAMPLE, position, channels));
  }

    static NDArray apply(
      Block block,
      ParameterStore store,
      NDArray x,
      boolean training,
      PairList<String, Object> params) {
    return block.forward(store, new NDList(x), training, params).singletonOrThrow();
  }

  /** Initializes {@code block} for {@code inputs} and returns its output shapes. */
  static Shape[] initialize(Block block, NDManager manager, DataType dataType, Shape... inputs) {
    block.initialize(manager, dataType, inputs);
    return block.getOutputShapes(inputs);
  }
}

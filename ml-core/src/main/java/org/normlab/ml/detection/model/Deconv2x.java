package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.nn.Scopes;

/**
 * {@code torch.nn.ConvTranspose2d(in, filters, kernel_size=2, stride=2)}: every input pixel spreads
 * into its own 2x2 output block, {@code y[n, o, 2i + a, 2j + b] = sum_c x[n, c, i, j] W[c, o, a, b]
 * + bias[o]}. DJL's PyTorch engine does not implement deconvolution ("Not implemented"); since the
 * blocks do not overlap, this is a 1x1 convolution to (o, a, b) channels followed by a pixel
 * shuffle. Parameters as PyTorch's: {@code weight} (in, filters, 2, 2) and {@code bias} (filters).
 */
final class Deconv2x extends AbstractBlock {

  private static final byte VERSION = 1;

  private final int filters;
  private final Parameter weight;
  private final Parameter bias;

  Deconv2x(int filters) {
    super(VERSION);
    this.filters = filters;
    weight =
        addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
    bias =
        addParameter(
            Parameter.builder()
                .setName("bias")
                .setType(Parameter.Type.BIAS)
                .optShape(new Shape(filters))
                .build());
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    weight.setShape(new Shape(inputShapes[0].get(1), filters, 2, 2));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), filters, 2 * in.get(2), 2 * in.get(3))};
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    NDArray w = store.getValue(weight, x.getDevice(), training);
    NDArray b = store.getValue(bias, x.getDevice(), training);
    long in = x.getShape().get(1);
    long n = x.getShape().get(0);
    long h = x.getShape().get(2);
    long wd = x.getShape().get(3);
    // (in, o, a, b) -> (o, a, b, in) -> a 1x1 convolution with 4 * filters outputs.
    NDArray kernel = Scopes.besides(x, w.transpose(1, 2, 3, 0).reshape(4L * filters, in, 1, 1));
    NDArray spread =
        Conv2d.conv2d(x, kernel, null, new Shape(1, 1), new Shape(0, 0), new Shape(1, 1), 1)
            .singletonOrThrow();
    NDArray shuffled =
        spread
            .reshape(n, filters, 2, 2, h, wd)
            .transpose(0, 1, 4, 2, 5, 3)
            .reshape(n, filters, 2 * h, 2 * wd);
    return new NDList(shuffled.add(Scopes.besides(x, b.reshape(1, filters, 1, 1))));
  }
}

package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.nn.Scopes;
import org.normlab.ml.nn.Torch;

/**
 * Affine instance normalization ({@code InstanceNorm2d(affine=True)}, no running statistics):
 * per-sample, per-channel statistics in training AND evaluation, as IBN-Net uses it.
 *
 * <p>Computed as native batch norm over a (1, N x C, H x W) view with the affine pair tiled N
 * times: measured as fast as native BN and 1.7x faster than composing it from reductions (djl-notes
 * 1).
 */
public final class InstanceNorm2d extends AffineNorm {

  public InstanceNorm2d(int channels, float eps) {
    super(channels, eps);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    checkInput(x);
    Shape shape = x.getShape();
    long instances = shape.get(0) * channels;
    NDManager scope = x.getManager();
    NDArray gamma =
        Scopes.besides(x, store.getValue(weight, x.getDevice(), training).tile(shape.get(0)));
    NDArray beta =
        Scopes.besides(x, store.getValue(bias, x.getDevice(), training).tile(shape.get(0)));
    // Native batch norm insists on running buffers; these are scratch (momentum 0 leaves them).
    NDArray scratchMean = scope.zeros(new Shape(instances));
    NDArray scratchVar = scope.ones(new Shape(instances));
    NDArray normalized =
        Torch.batchNorm(
            x.reshape(1, instances, -1), scratchMean, scratchVar, gamma, beta, true, 0.0, eps);
    return new NDList(normalized.reshape(shape));
  }
}

package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.nn.Scopes;
import org.normlab.ml.nn.Torch;

/**
 * Batch normalization whose training statistics come from groups of {@code normBatchSize}
 * consecutive samples of the batch, so the normalization batch can be smaller than the SGD batch
 * (as in the MABN experiments). With one group it is exactly {@code torch.nn.BatchNorm2d}.
 *
 * <p>Groups are computed by native batch norm on a (normBatchSize, groups x C, ...) rearrangement,
 * one "channel" per (group, channel) pair. The per-group mean and unbiased variance come out of the
 * same call in throwaway running buffers (PyTorch momentum 1 makes them equal to the batch
 * statistics). The layer's running statistics then take ONE momentum step per SGD step with the
 * average of the group statistics: the same update plain BN makes on the whole batch, minus the
 * between-group spread of means, and independent of how many groups there are.
 *
 * <p>Evaluation uses the running statistics.
 */
public final class BatchNorm2d extends AffineNorm {

  private final int normBatchSize;
  private final float momentum;
  private final Parameter runningMean;
  private final Parameter runningVar;

  /**
   * @param momentum PyTorch convention: weight of the new statistic in the running averages
   */
  public BatchNorm2d(int channels, int normBatchSize, float momentum, float eps) {
    super(channels, eps);
    if (normBatchSize < 1) {
      throw new IllegalArgumentException("normBatchSize must be >= 1, got " + normBatchSize);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    this.normBatchSize = normBatchSize;
    this.momentum = momentum;
    this.runningMean =
        addParameter(
            Parameter.builder()
                .setName("running_mean")
                .setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false)
                .optShape(new Shape(channels))
                .build());
    this.runningVar =
        addParameter(
            Parameter.builder()
                .setName("running_var")
                .setType(Parameter.Type.RUNNING_VAR)
                .optRequiresGrad(false)
                .optShape(new Shape(channels))
                .build());
  }

  public int normBatchSize() {
    return normBatchSize;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    checkInput(x);
    NDArray gamma = store.getValue(weight, x.getDevice(), training);
    NDArray beta = store.getValue(bias, x.getDevice(), training);
    NDArray mean = store.getValue(runningMean, x.getDevice(), training);
    NDArray var = store.getValue(runningVar, x.getDevice(), training);
    if (!training) {
      return new NDList(Torch.batchNorm(x, mean, var, gamma, beta, false, momentum, eps));
    }
    long batch = x.getShape().get(0);
    if (batch % normBatchSize != 0) {
      throw new IllegalArgumentException(
          "A batch of "
              + batch
              + " samples cannot be split into normalization groups of "
              + normBatchSize
              + "; normBatchSize must divide the batch size");
    }
    long groups = batch / normBatchSize;
    if (groups == 1) {
      return new NDList(Torch.batchNorm(x, mean, var, gamma, beta, true, momentum, eps));
    }
    return new NDList(groupedForward(x, gamma, beta, mean, var, groups));
  }

  private NDArray groupedForward(
      NDArray x, NDArray gamma, NDArray beta, NDArray mean, NDArray var, long groups) {
    Shape shape = x.getShape();
    NDManager scope = x.getManager();
    // (N, C, ...) -> (groups, nb, C, L) -> (nb, groups, C, L) -> (nb, groups*C, L)
    NDArray grouped =
        x.reshape(groups, normBatchSize, channels, -1)
            .transpose(1, 0, 2, 3)
            .reshape(normBatchSize, groups * channels, -1);
    NDArray groupMean = scope.zeros(new Shape(groups * channels));
    NDArray groupVar = scope.ones(new Shape(groups * channels));
    NDArray tiledGamma = Scopes.besides(x, gamma.tile(groups));
    NDArray tiledBeta = Scopes.besides(x, beta.tile(groups));
    NDArray normalized =
        Torch.batchNorm(grouped, groupMean, groupVar, tiledGamma, tiledBeta, true, 1.0, eps);
    // Running statistics: one momentum step with the average group statistic.
    NDArray averageMean = groupMean.reshape(groups, channels).mean(new int[] {0});
    NDArray averageVar = groupVar.reshape(groups, channels).mean(new int[] {0});
    mean.muli(1 - momentum).addi(averageMean.muli(momentum));
    var.muli(1 - momentum).addi(averageVar.muli(momentum));
    return normalized
        .reshape(normBatchSize, groups, channels, -1)
        .transpose(1, 0, 2, 3)
        .reshape(shape);
  }
}

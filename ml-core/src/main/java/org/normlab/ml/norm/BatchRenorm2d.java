package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.nn.Scalars;
import org.normlab.ml.nn.Scopes;
import org.normlab.ml.nn.Torch;

/**
 * Batch Renormalization (Ioffe 2017) with statistics over groups of {@code normBatchSize}
 * consecutive samples, like {@link BatchNorm2d}. In training, per group and channel,
 *
 * <pre>
 *   sigma = sqrt(biased batch variance + eps),  sigma_run = sqrt(running_var + eps)
 *   r = clip(sigma / sigma_run, 1/r_max, r_max),  d = clip((mu - running_mean) / sigma_run, -d_max, d_max)
 *   y = weight * ((x - mu) / sigma * r + d) + bias
 * </pre>
 *
 * with r and d treated as constants in backward (autograd runs through mu and sigma only), and the
 * clip bounds from a {@link BatchRenormSchedule} at the layer's own step counter. The running
 * statistics are updated after r and d are taken, exactly as {@link BatchNorm2d} updates them: one
 * PyTorch-momentum step per SGD step with the average over groups of the mean and the unbiased
 * variance. Evaluation is BN's: running statistics.
 *
 * <p>(x - mu) / sigma comes from native batch norm on the grouped layout (unit affine), and the
 * group statistics from its running buffers, as in BatchNorm2d.
 *
 * <p>State keys: {@code weight, bias, running_mean, running_var} (C) and {@code
 * num_batches_tracked} (1, int64), the step counter the schedule reads; all checkpointed.
 */
public final class BatchRenorm2d extends AffineNorm {

  private final int normBatchSize;
  private final float momentum;
  private final BatchRenormSchedule schedule;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private final Parameter steps;

  /**
   * @param momentum PyTorch convention: weight of the new statistic in the running averages
   */
  public BatchRenorm2d(
      int channels, int normBatchSize, float momentum, float eps, BatchRenormSchedule schedule) {
    super(channels, eps);
    if (normBatchSize < 1) {
      throw new IllegalArgumentException("normBatchSize must be >= 1, got " + normBatchSize);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    this.normBatchSize = normBatchSize;
    this.momentum = momentum;
    this.schedule = java.util.Objects.requireNonNull(schedule, "schedule");
    this.runningMean = buffer("running_mean", Parameter.Type.RUNNING_MEAN);
    this.runningVar = buffer("running_var", Parameter.Type.RUNNING_VAR);
    this.steps =
        addParameter(
            Parameter.builder()
                .setName("num_batches_tracked")
                .setType(Parameter.Type.OTHER)
                .optRequiresGrad(false)
                .optShape(new Shape(1))
                .optInitializer((manager, shape, type) -> manager.zeros(shape, DataType.INT64))
                .build());
  }

  private Parameter buffer(String name, Parameter.Type type) {
    return addParameter(
        Parameter.builder()
            .setName(name)
            .setType(type)
            .optRequiresGrad(false)
            .optShape(new Shape(channels))
            .build());
  }

  public int normBatchSize() {
    return normBatchSize;
  }

  public BatchRenormSchedule schedule() {
    return schedule;
  }

  /** Training steps taken ({@code num_batches_tracked}). */
  public long stepsTaken() {
    return steps.getArray().getLong(0);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    checkInput(x);
    NDArray gamma = store.getValue(weight, x.getDevice(), training);
    NDArray beta = store.getValue(bias, x.getDevice(), training);
    if (!training) {
      return new NDList(
          Torch.batchNorm(
              x, runningMean.getArray(), runningVar.getArray(), gamma, beta, false, momentum, eps));
    }
    Shape shape = x.getShape();
    long batch = shape.get(0);
    if (batch % normBatchSize != 0) {
      throw new IllegalArgumentException(
          "A batch of "
              + batch
              + " samples cannot be split into normalization groups of "
              + normBatchSize
              + "; normBatchSize must divide the batch size");
    }
    long groups = batch / normBatchSize;
    long t = stepsTaken() + 1;
    NDManager scope = x.getManager();
    // (N, C, L) -> (groups, nb, C, L) -> (nb, groups*C, L): one BN "channel" per (group, channel).
    NDArray grouped =
        x.reshape(groups, normBatchSize, channels, -1)
            .transpose(1, 0, 2, 3)
            .reshape(normBatchSize, groups * channels, -1);
    long count = grouped.getShape().get(0) * grouped.getShape().get(2);
    NDArray groupMean = scope.zeros(new Shape(groups * channels), x.getDataType());
    NDArray groupVar = scope.ones(new Shape(groups * channels), x.getDataType());
    NDArray unitWeight = scope.ones(new Shape(groups * channels), x.getDataType());
    NDArray zeroBias = scope.zeros(new Shape(groups * channels), x.getDataType());
    // Momentum 1: the scratch buffers receive this batch's group mean and unbiased variance.
    NDArray normalized =
        Torch.batchNorm(grouped, groupMean, groupVar, unitWeight, zeroBias, true, 1.0, eps);

    NDArray mean = groupMean.reshape(groups, channels);
    NDArray unbiased = groupVar.reshape(groups, channels);
    NDArray biased = count > 1 ? unbiased.mul(Scalars.like(x, (count - 1.0) / count)) : unbiased;
    NDArray sigma = biased.add(Scalars.like(x, eps)).sqrt();
    NDArray runMean = Scopes.besides(x, runningMean.getArray().reshape(1, channels));
    NDArray runSigma =
        Scopes.besides(x, runningVar.getArray().reshape(1, channels))
            .add(Scalars.like(x, eps))
            .sqrt();
    double rMax = schedule.rMax(t);
    double dMax = schedule.dMax(t);
    NDArray r = sigma.div(runSigma).clip(1.0 / rMax, rMax);
    NDArray d = mean.sub(runMean).div(runSigma).clip(-dMax, dMax);

    NDArray gammaRow = Scopes.besides(x, gamma.reshape(1, channels));
    NDArray betaRow = Scopes.besides(x, beta.reshape(1, channels));
    NDArray scale = gammaRow.mul(r).reshape(1, groups * channels, 1);
    NDArray shift = gammaRow.mul(d).add(betaRow).reshape(1, groups * channels, 1);
    NDArray y =
        normalized
            .mul(scale)
            .add(shift)
            .reshape(normBatchSize, groups, channels, -1)
            .transpose(1, 0, 2, 3)
            .reshape(shape);

    // Running statistics after r and d: one momentum step with the group averages.
    runningMean.getArray().muli(1 - momentum).addi(mean.mean(new int[] {0}).muli(momentum));
    runningVar.getArray().muli(1 - momentum).addi(unbiased.mean(new int[] {0}).muli(momentum));
    // set(index, Number) would leave its scalar in the parameters' manager: pass a scoped one.
    steps.getArray().set(new NDIndex(0), scope.create(t));
    return new NDList(y);
  }
}

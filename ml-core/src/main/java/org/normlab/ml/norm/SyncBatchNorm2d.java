package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.normlab.ml.nn.ReplicaLink;
import org.normlab.ml.nn.ReplicaSynchronized;
import org.normlab.ml.nn.Scopes;
import org.normlab.ml.nn.Torch;

/**
 * Synchronized batch normalization: the training statistics are those of the whole step's batch,
 * across every replica, so N replicas of b samples normalize, and back-propagate, exactly as one
 * replica of N*b would with {@code torch.nn.BatchNorm2d} ({@code torch.nn.SyncBatchNorm}'s
 * contract). With one replica it is BN over the batch.
 *
 * <p>Forward, per channel, with M the sample-positions of all replicas:
 *
 * <pre>
 *   each replica r: count m_r, mean mu_r, biased variance v_r of its shard (two-pass, float)
 *   all-reduce sums of (m_r, m_r mu_r, m_r (v_r + mu_r^2))            in double
 *   mu = S1 / M,  var = S2 / M - mu^2,  xhat = (x - mu) / sqrt(var + eps),  y = weight xhat + bias
 * </pre>
 *
 * Backward, with dy the gradient arriving at y from all of the replica's layers above:
 *
 * <pre>
 *   all-reduce G1 = sum(dy), G2 = sum(dy xhat)                          over all replicas
 *   dx = weight / sqrt(var + eps) * (dy - G1 / M - xhat G2 / M)
 *   dweight = sum(dy xhat), dbias = sum(dy)        local; the step's gradient reduction sums them
 * </pre>
 *
 * The cross-replica sums in dx need every replica's dy at this layer, which exists only in the
 * middle of the backward pass. So the layer cuts the graph ({@link ReplicaLink.CutPoint}): it
 * returns a detached copy of y as a fresh leaf, and when backward has filled that leaf's gradient,
 * it exchanges G1 and G2 and back-propagates {@code sum(y dy) + sum(xhat c)}, with y and xhat
 * still attached to x, mu and sigma constants, and {@code c = -weight (G1 + xhat G2) / M}
 * detached: autograd then yields exactly dx, dweight and dbias above.
 *
 * <p>Running statistics: PyTorch's update with the global mean and the unbiased global variance
 * (var * M / (M - 1)), identical on every replica. Evaluation uses them, as BN does.
 */
public final class SyncBatchNorm2d extends AffineNorm implements ReplicaSynchronized {

  private final float momentum;
  private final Parameter runningMean;
  private final Parameter runningVar;
  private ReplicaLink link = ReplicaLink.solo();

  /**
   * @param momentum PyTorch convention: weight of the new statistic in the running averages
   */
  public SyncBatchNorm2d(int channels, float momentum, float eps) {
    super(channels, eps);
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
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

  @Override
  public void bind(ReplicaLink link) {
    this.link = link;
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
    return new NDList(train(x, gamma, beta, mean, var));
  }

  private NDArray train(NDArray x, NDArray gamma, NDArray beta, NDArray mean, NDArray var) {
    Shape channelShape = channelShape(x.getShape());
    NDManager scope = x.getManager();
    int[] reduced = reducedAxes(x);
    long localCount = x.getShape().size() / channels;

    // Local statistics (no graph: mu and sigma are constants of the graph, see class comment).
    NDArray value = x.stopGradient();
    // DJL's PyTorch engine has no multi-axis mean (djl-notes 8): sums over the count.
    NDArray localMean = value.sum(reduced).div(localCount);
    NDArray localVar = value.sub(localMean.reshape(channelShape)).square().sum(reduced).div(localCount);
    float[] mu = localMean.toFloatArray();
    float[] v = localVar.toFloatArray();
    double[] local = new double[1 + 2 * channels];
    local[0] = localCount;
    for (int c = 0; c < channels; c++) {
      local[1 + c] = localCount * (double) mu[c];
      local[1 + channels + c] = localCount * ((double) v[c] + (double) mu[c] * mu[c]);
    }
    double[] global = link.allReduceSum(local);
    double count = global[0];
    float[] globalMean = new float[channels];
    float[] invStd = new float[channels];
    float[] unbiasedVar = new float[channels];
    for (int c = 0; c < channels; c++) {
      double m = global[1 + c] / count;
      double biased = Math.max(0, global[1 + channels + c] / count - m * m);
      globalMean[c] = (float) m;
      invStd[c] = (float) (1 / Math.sqrt(biased + eps));
      unbiasedVar[c] = (float) (count > 1 ? biased * count / (count - 1) : biased);
    }

    NDArray muArray = scope.create(globalMean, channelShape);
    NDArray invStdArray = scope.create(invStd, channelShape);
    NDArray xhat = x.sub(muArray).mul(invStdArray);
    NDArray gammaColumn = Scopes.besides(x, gamma.reshape(channelShape));
    NDArray betaColumn = Scopes.besides(x, beta.reshape(channelShape));
    NDArray y = xhat.mul(gammaColumn).add(betaColumn);

    NDArray newMean = scope.create(globalMean).mul(momentum);
    NDArray newVar = scope.create(unbiasedVar).mul(momentum);
    mean.muli(1 - momentum).addi(newMean);
    var.muli(1 - momentum).addi(newVar);

    NDArray leaf = y.stopGradient();
    leaf.setRequiresGradient(true);
    NDArray gammaValue = gammaColumn.stopGradient();
    link.cut(() -> backward(y, leaf, xhat, gammaValue, count));
    return leaf;
  }

  /** The cut point's backward: see the class comment. */
  private void backward(NDArray y, NDArray leaf, NDArray xhat, NDArray gammaValue, double count) {
    NDManager scope = y.getManager();
    Shape channelShape = gammaValue.getShape();
    int[] reduced = reducedAxes(y);
    NDArray dy = leaf.getGradient();
    dy.attach(scope);
    NDArray xhatValue = xhat.stopGradient();
    float[] g1 = dy.sum(reduced).toFloatArray();
    float[] g2 = dy.mul(xhatValue).sum(reduced).toFloatArray();
    double[] local = new double[2 * channels];
    for (int c = 0; c < channels; c++) {
      local[c] = g1[c];
      local[channels + c] = g2[c];
    }
    double[] global = link.allReduceSum(local);
    float[] meanDy = new float[channels];
    float[] meanDyXhat = new float[channels];
    for (int c = 0; c < channels; c++) {
      meanDy[c] = (float) (global[c] / count);
      meanDyXhat[c] = (float) (global[channels + c] / count);
    }
    NDArray correction =
        xhatValue
            .mul(scope.create(meanDyXhat, channelShape))
            .add(scope.create(meanDy, channelShape))
            .mul(gammaValue)
            .neg();
    NDArray target = y.mul(dy).sum().add(xhat.mul(correction).sum());
    // Keeps the graph: the cut below may share ops with other cuts' paths (ReplicaLink.CutPoint).
    Torch.backward(target, true);
  }

  private static int[] reducedAxes(NDArray x) {
    int rank = x.getShape().dimension();
    int[] axes = new int[rank - 1];
    axes[0] = 0;
    for (int i = 2; i < rank; i++) {
      axes[i - 1] = i;
    }
    return axes;
  }
}

package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.normlab.ml.nn.CustomGradient;
import org.normlab.ml.nn.Scalars;
import org.normlab.ml.nn.Scopes;
import org.normlab.ml.nn.WeightInit;

/**
 * Moving Average Batch Normalization (Yan et al., ICLR 2020) as MABN.py's {@code MABN2d} defines it
 * (seeds-spec D.1), with its statistics taken per normalization group of {@code normBatchSize}
 * samples as the paper's ImageNet variant does (D.3). docs/mabn.md has the full mapping.
 *
 * <p>Training, SGD iteration t (1-based), for each group k of the batch (micro-batch tau):
 *
 * <pre>
 *   psi_k   = mean over (group samples, H, W) of x^2            stored in buffer_x2
 *   psibar  = psi_k during warm-up, else the mean of the last S micro-batch psi (k's included)
 *   z       = x / sqrt(psibar + eps)
 *   r       = 1 while t <= max(1000, warmup), then clamp(sqrt(psibar+eps)/sqrt(running_var+eps), 1/5, 5)
 *   y       = weight * r * z + bias                            no mean, no centring anywhere
 *   running_var = 0.98 running_var + 0.02 mean_k(psibar)        one step per SGD iteration
 * </pre>
 *
 * Backward (r constant): {@code dx = (g - z * phibar) / sqrt(psibar + eps)} with {@code g = dy *
 * weight * r}, {@code phi_k = mean(g z)} stored in buffer_gz, and phibar the same moving average of
 * phi as psibar is of psi.
 *
 * <p><b>How the custom backward is obtained without a custom-autograd hook.</b> With s =
 * 1/sqrt(psibar + eps), r and s detached, the forward computes {@code y = x * (weight r s (1 - A) +
 * p) + bias}, where {@code A = C^T (s^2 / 2 * (psi - detach(psi)))} and C holds the current-batch
 * window weights (A and the zero leaf p are exactly 0, so the value is the formula above). Autograd
 * then gives {@code dx = s g - s z * sum_j C[k][j] phi_j}: the moving average of phi over this
 * batch's groups. The earlier iterations' part of phibar does not depend on this step's upstream
 * gradient, so it comes from a correction scalar {@code sum(kappa * psi)}, {@code kappa = -M s^2
 * phiHist / 2}, that the backward adds to the loss ({@link CustomGradient}). After backward, {@code
 * p.grad = sum(dy x)} per group and channel gives {@code phi = weight r s p.grad / M} for
 * buffer_gz. Weight and bias gradients are autograd's: {@code sum(dy * r z)} and {@code sum(dy)}.
 *
 * <p>Inference: {@code weight * x / sqrt(running_var + eps) + bias}, or nothing at all once folded
 * into the preceding convolution ({@link MabnFolding}).
 *
 * <p>State keys: {@code weight, bias, running_var} (C), {@code iters} (1, int64), {@code
 * buffer_x2}, {@code buffer_gz} (S, C); all of them are checkpointed with the model.
 */
public final class MovingAverageBatchNorm2d extends AffineNorm implements CustomGradient {

  private final int normBatchSize;
  private final MabnSettings settings;
  private final Parameter runningVar;
  private final Parameter iters;
  private final Parameter bufferX2;
  private final Parameter bufferGz;
  private Pending pending;
  private boolean folded;

  /** What backward needs from the last training forward; lives in that forward's scope. */
  private record Pending(
      NDArray probe, NDArray phiFactor, NDArray keep, NDArray write, NDArray correction) {}

  public MovingAverageBatchNorm2d(int channels, int normBatchSize, MabnSettings settings) {
    super(channels, settings.eps());
    if (normBatchSize < 1) {
      throw new IllegalArgumentException("normBatchSize must be >= 1, got " + normBatchSize);
    }
    this.normBatchSize = normBatchSize;
    this.settings = settings;
    this.runningVar = buffer("running_var", Parameter.Type.RUNNING_VAR, new Shape(channels), null);
    this.iters =
        buffer(
            "iters",
            Parameter.Type.OTHER,
            new Shape(1),
            (manager, shape, type) -> manager.zeros(shape, DataType.INT64));
    Shape ring = new Shape(settings.window(), channels);
    this.bufferX2 = buffer("buffer_x2", Parameter.Type.OTHER, ring, Initializer.ZEROS);
    this.bufferGz = buffer("buffer_gz", Parameter.Type.OTHER, ring, Initializer.ZEROS);
  }

  private Parameter buffer(String name, Parameter.Type type, Shape shape, Initializer init) {
    Parameter.Builder builder =
        Parameter.builder().setName(name).setType(type).optRequiresGrad(false).optShape(shape);
    if (init != null) {
      builder.optInitializer(init);
    }
    return addParameter(builder.build());
  }

  public int normBatchSize() {
    return normBatchSize;
  }

  public MabnSettings settings() {
    return settings;
  }

  /** Completed training iterations ({@code iters}). */
  public long iterations() {
    return iters.getArray().getLong(0);
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    checkInput(x);
    NDArray gamma = store.getValue(weight, x.getDevice(), training);
    NDArray beta = store.getValue(bias, x.getDevice(), training);
    if (!training) {
      if (folded) {
        return inputs;
      }
      NDArray scale = Scopes.besides(x, inferenceScale(gamma)).reshape(channelShape(x.getShape()));
      NDArray shift = Scopes.besides(x, beta.reshape(channelShape(x.getShape())));
      return new NDList(x.mul(scale).add(shift));
    }
    if (folded) {
      throw new IllegalStateException(
          "This MABN layer is folded for inference; call MabnFolding.unfold before training");
    }
    return new NDList(train(x, gamma, beta));
  }

  private NDArray train(NDArray x, NDArray gamma, NDArray beta) {
    Shape shape = x.getShape();
    long batch = shape.get(0);
    if (shape.dimension() != 4 || batch % normBatchSize != 0) {
      throw new IllegalArgumentException(
          "MABN needs (N, C, H, W) input whose N splits into normalization groups of "
              + normBatchSize
              + "; got "
              + shape);
    }
    int groups = Math.toIntExact(batch / normBatchSize);
    int window = settings.window();
    long spatial = shape.get(2) * shape.get(3);
    double count = (double) normBatchSize * spatial;
    NDManager scope = x.getManager();
    long t = iterations() + 1;
    MabnWindow plan = MabnWindow.at(t, groups, window, settings.warmupIters());

    NDArray ringX2 = Scopes.besides(x, bufferX2.getArray().reshape(window, channels));
    NDArray ringGz = Scopes.besides(x, bufferGz.getArray().reshape(window, channels));
    NDArray historyWeights = scope.create(plan.history, new Shape(groups, window));
    NDArray currentWeights = scope.create(plan.current, new Shape(groups, groups));

    // psi: (G, C) second moments, recorded by autograd.
    NDArray grouped = x.reshape(groups, normBatchSize, channels, spatial);
    NDArray psi = grouped.square().sum(new int[] {1, 3}).mul(Scalars.like(x, 1.0 / count));
    NDArray psiValue = psi.stopGradient();
    NDArray psiBar = historyWeights.matMul(ringX2).add(currentWeights.matMul(psiValue));
    NDArray root = psiBar.add(Scalars.like(x, settings.eps())).sqrt();
    NDArray s = Scalars.like(x, 1.0).div(root);
    NDArray rs = s;
    if (!settings.renormOff(t)) {
      NDArray runningRoot =
          Scopes.besides(x, runningVar.getArray().reshape(1, channels))
              .add(Scalars.like(x, settings.eps()))
              .sqrt();
      NDArray r = root.div(runningRoot).clip(1.0 / settings.rMax(), settings.rMax());
      rs = r.mul(s);
    }

    // A is exactly 0 but carries the within-batch moving average of phi into dx (class comment).
    NDArray transposed = scope.create(plan.currentTransposed(), new Shape(groups, groups));
    NDArray halfS2 = s.square().mul(Scalars.like(x, 0.5));
    NDArray a = transposed.matMul(halfS2.mul(psi.sub(psiValue)));
    NDArray probe = scope.zeros(new Shape(groups, channels), x.getDataType());
    probe.setRequiresGradient(true);
    NDArray gammaRow = Scopes.besides(x, gamma.reshape(1, channels));
    NDArray coefficient =
        gammaRow
            .mul(rs)
            .mul(Scalars.like(x, 1.0).sub(a))
            .add(probe)
            .reshape(groups, 1, channels, 1);
    NDArray shift = Scopes.besides(x, beta.reshape(1, 1, channels, 1));
    NDArray y = grouped.mul(coefficient).add(shift).reshape(shape);

    NDArray correction = null;
    if (plan.usesHistory) {
      NDArray phiHistory = historyWeights.matMul(ringGz);
      NDArray kappa = halfS2.mul(phiHistory).mul(Scalars.like(x, -count));
      correction = kappa.mul(psi).sum();
    }
    NDArray keep = scope.create(plan.keep, new Shape(window, window));
    NDArray write = scope.create(plan.write, new Shape(window, groups));
    NDArray phiFactor =
        gammaRow.stopGradient().mul(rs).mul(Scalars.like(x, 1.0 / count)).stopGradient();
    pending = new Pending(probe, phiFactor, keep, write, correction);

    // State: ring of psi, running_var (EMA of psibar, before-update value used by r above), t.
    WeightInit.copyInto(bufferX2.getArray(), keep.matMul(ringX2).add(write.matMul(psiValue)));
    NDArray meanPsiBar = psiBar.mean(new int[] {0});
    runningVar.getArray().muli(settings.momentum()).addi(meanPsiBar.muli(1 - settings.momentum()));
    // set(index, Number) would leave its scalar in the parameters' manager: pass a scoped one.
    iters.getArray().set(new NDIndex(0), scope.create(t));
    return y;
  }

  @Override
  public NDArray gradientCorrection() {
    return pending == null ? null : pending.correction();
  }

  @Override
  public void afterBackward() {
    Pending done = pending;
    if (done == null) {
      return;
    }
    pending = null;
    NDArray sums = done.probe().getGradient();
    NDArray phi = sums.mul(done.phiFactor());
    NDArray ringGz = Scopes.besides(phi, bufferGz.getArray().reshape(settings.window(), channels));
    WeightInit.copyInto(
        bufferGz.getArray(), done.keep().matMul(ringGz).add(done.write().matMul(phi)));
  }

  /**
   * {@code weight / sqrt(running_var + eps)}: the per-channel inference scale, in gamma's manager.
   */
  NDArray inferenceScale(NDArray gamma) {
    try (NDArray shifted = runningVar.getArray().add(settings.eps());
        NDArray root = shifted.sqrt()) {
      return gamma.div(root);
    }
  }

  /** Per-channel scale and shift of inference, copied onto {@code manager}. */
  NDList inferenceAffine(NDManager manager) {
    NDArray scale = inferenceScale(weight.getArray());
    scale.attach(manager);
    NDArray shift = bias.getArray().duplicate();
    shift.attach(manager);
    return new NDList(scale, shift);
  }

  void setFolded(boolean folded) {
    this.folded = folded;
  }

  public boolean isFolded() {
    return folded;
  }
}

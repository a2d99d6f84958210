package org.normlab.ml.norm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.normlab.ml.nn.Scalars;
import org.normlab.ml.nn.Scopes;

/**
 * Group normalization ({@code torch.nn.GroupNorm}): each sample's channels split into {@code
 * groups} groups, each standardized over its channels and positions (biased variance), then a
 * per-channel affine. One group is layer normalization over (C, H, W) with a per-channel affine.
 *
 * <p>Composed from reductions: DJL 0.35 has no GroupNorm, no var, and no multi-axis mean, so the
 * input is viewed as (N, G, -1) and mean and variance are sums divided by the count.
 */
public final class GroupNorm2d extends AffineNorm {

  private final int groups;

  public GroupNorm2d(int channels, int groups, float eps) {
    super(channels, eps);
    if (groups < 1 || channels % groups != 0) {
      throw new IllegalArgumentException(
          "GroupNorm cannot split "
              + channels
              + " channels into "
              + groups
              + " groups: the group count must divide the channel count (usable: gn:"
              + String.join(", gn:", divisors(channels))
              + ")");
    }
    this.groups = groups;
  }

  public int groups() {
    return groups;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow();
    checkInput(x);
    Shape shape = x.getShape();
    NDArray grouped = x.reshape(shape.get(0), groups, -1);
    long count = grouped.getShape().get(2);
    // Scalar operands come from Scalars, never NDArray.div(Number): see Scalars for why.
    NDArray inverseCount = Scalars.like(x, 1.0 / count);
    NDArray mean = grouped.sum(new int[] {2}, true).mul(inverseCount);
    NDArray centered = grouped.sub(mean);
    NDArray variance = centered.square().sum(new int[] {2}, true).mul(inverseCount);
    NDArray normalized = centered.div(variance.add(Scalars.like(x, eps)).sqrt()).reshape(shape);
    Shape perChannel = channelShape(shape);
    NDArray gamma =
        Scopes.besides(x, store.getValue(weight, x.getDevice(), training).reshape(perChannel));
    NDArray beta =
        Scopes.besides(x, store.getValue(bias, x.getDevice(), training).reshape(perChannel));
    return new NDList(normalized.mul(gamma).add(beta));
  }

  private static List<String> divisors(int n) {
    List<String> result = new ArrayList<>();
    for (int d = 1; d <= n; d++) {
      if (n % d == 0) {
        result.add(Integer.toString(d));
      }
    }
    return result;
  }
}

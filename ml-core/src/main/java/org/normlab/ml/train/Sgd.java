package org.normlab.ml.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Scopes;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.nn.WeightInit;

/**
 * {@code torch.optim.SGD} semantics (dampening 0), weight decay on every parameter as in all three
 * papers' recipes:
 *
 * <pre>
 *   g = grad + wd * w
 *   v = mu * v + g                      (momentum buffer, stored as v, not lr * v)
 *   d = nesterov ? g + mu * v : v
 *   w = w - lr * d
 * </pre>
 *
 * Written here because DJL's {@code Sgd} keeps lr x v in private state keyed by random parameter
 * ids, which can neither be checkpointed nor survive a learning-rate change (djl-notes 4). State is
 * keyed by parameter state key. Zero-initialized buffers equal torch's first-step {@code clone(g)}
 * exactly, since mu x 0 + g = g.
 *
 * <p>Parameters may be put in groups with their own learning-rate factor and weight decay, as
 * torch's param groups (the detection recipe trains biases at 2 x lr without weight decay); the
 * classification recipes use one group, {@link ParameterGroup#of(OptimizerSpec)}.
 */
public final class Sgd {

  /**
   * What differs per parameter: lr x {@code lrFactor} and {@code weightDecay} instead of the
   * spec's.
   */
  public record ParameterGroup(double lrFactor, double weightDecay) {

    public ParameterGroup {
      if (!(lrFactor > 0) || weightDecay < 0) {
        throw new IllegalArgumentException(
            "lrFactor must be > 0 and weightDecay >= 0, got " + lrFactor + ", " + weightDecay);
      }
    }

    /** Every parameter at the spec's rate and weight decay. */
    public static Function<String, ParameterGroup> of(OptimizerSpec spec) {
      ParameterGroup all = new ParameterGroup(1, spec.weightDecay());
      return key -> all;
    }
  }

  private final float momentum;
  private final boolean nesterov;
  private final Map<String, Parameter> parameters;
  private final Map<String, ParameterGroup> groups = new LinkedHashMap<>();
  private final Map<String, NDArray> buffers = new LinkedHashMap<>();

  Sgd(OptimizerSpec spec, Map<String, Parameter> trainable, NDManager stateManager) {
    this(spec, trainable, stateManager, ParameterGroup.of(spec));
  }

  /**
   * SGD over {@code trainable}, each parameter in the group {@code groupOf} gives its state key.
   * Momentum buffers live in {@code stateManager}.
   */
  public Sgd(
      OptimizerSpec spec,
      Map<String, Parameter> trainable,
      NDManager stateManager,
      Function<String, ParameterGroup> groupOf) {
    this.momentum = (float) spec.momentum();
    this.nesterov = spec.nesterov();
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("Nesterov momentum requires momentum > 0");
    }
    this.parameters = trainable;
    trainable.keySet().forEach(key -> groups.put(key, groupOf.apply(key)));
    if (momentum != 0) {
      trainable.forEach(
          (key, parameter) -> {
            NDArray buffer = stateManager.zeros(parameter.getArray().getShape());
            buffers.put(key, buffer);
          });
    }
  }

  /**
   * Applies one update with the gradients accumulated so far, then zeroes them; {@code lr} is the
   * base rate, each group's factor applies on top.
   */
  public void step(double lr, NDManager scope) {
    Autograd.withoutGrad(
        () -> {
          for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            ParameterGroup group = groups.get(entry.getKey());
            float rate = (float) (lr * group.lrFactor());
            float weightDecay = (float) group.weightDecay();
            NDArray w = entry.getValue().getArray();
            // getGradient() returns a fresh wrapper in w's manager each call: scope it.
            NDArray g = w.getGradient();
            g.attach(scope);
            if (weightDecay != 0) {
              g = g.add(Scopes.besides(g, w.mul(weightDecay)));
            }
            NDArray direction = g;
            if (momentum != 0) {
              NDArray v = buffers.get(entry.getKey());
              v.muli(momentum).addi(g);
              direction = nesterov ? g.add(Scopes.besides(g, v.mul(momentum))) : v;
            }
            w.subi(Scopes.besides(g, direction.mul(rate)));
            Torch.zeroGrad(w);
          }
        });
  }

  /** Momentum buffers by state key (live arrays); empty when momentum is 0. */
  public Map<String, NDArray> buffers() {
    return Collections.unmodifiableMap(buffers);
  }

  /**
   * Restores buffers written by {@link #buffers()}.
   *
   * @throws IllegalArgumentException unless keys and shapes match exactly
   */
  public void loadBuffers(Map<String, NDArray> saved) {
    if (!saved.keySet().equals(buffers.keySet())) {
      throw new IllegalArgumentException(
          "Checkpoint momentum buffers do not match the optimizer (momentum "
              + momentum
              + "): "
              + saved.size()
              + " saved, "
              + buffers.size()
              + " expected");
    }
    Autograd.withoutGrad(
        () -> buffers.forEach((key, buffer) -> WeightInit.copyInto(buffer, saved.get(key))));
  }
}

package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Backprop;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.Torch;

/**
 * dL/dx of MABN against the closed form of the paper, evaluated here in double precision:
 *
 * <pre>
 *   dL/dx = (g - z * phibar) / sqrt(psibar + eps),  g = dL/dy * weight * r,  phi = mean(g z)
 * </pre>
 *
 * with psibar and phibar the simple moving averages of the last S micro-batch statistics (own
 * statistics during warm-up), on random data over 14 iterations: own statistics up to t = 4, moving
 * averages from t = 5 (warm-up 5), r = 1 up to t = 8 and clamped to [1/5, 5] after; data scales
 * jump so that r hits both bounds. Also the published schedule boundaries (100 and 1000) with the
 * paper's defaults, by setting the iteration counter.
 */
class MabnClosedFormTest {

  private static final double EPS = 1e-5;
  private static NDManager manager;

  @BeforeAll
  static void start() {
    DjlRuntime.engine();
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @Test
  void inputGradientIsTheClosedFormAcrossWarmupAndTheClamp() {
    int n = 8;
    int c = 3;
    int l = 9;
    int nbs = 2;
    int groups = n / nbs;
    int window = 4;
    int warmup = 5;
    int renorm = 8;
    double[] scales = {1, 1.3, 0.8, 1, 1.1, 0.9, 1, 1.2, 1, 9, 9, 0.02, 0.02, 0.02};
    Shape shape = new Shape(n, c, 3, 3);
    MabnSettings settings = new MabnSettings(window, warmup, renorm, 5f, 0.98f, (float) EPS);
    Random random = new Random(20261123);
    List<double[]> historyX2 = new ArrayList<>();
    List<double[]> historyGz = new ArrayList<>();
    double[] runningVar = new double[c];
    Arrays.fill(runningVar, 1);
    int clampedLow = 0;
    int clampedHigh = 0;
    try (NDManager model = manager.newSubManager()) {
      MovingAverageBatchNorm2d layer = new MovingAverageBatchNorm2d(c, nbs, settings);
      layer.initialize(model, DataType.FLOAT32, shape);
      Map<String, Parameter> state = StateNames.of(layer);
      ParameterStore store = new ParameterStore(model, false);
      for (int t = 1; t <= scales.length; t++) {
        float[] x = new float[n * c * l];
        float[] gy = new float[n * c * l];
        float[] w = new float[c];
        for (int i = 0; i < x.length; i++) {
          x[i] = (float) ((random.nextGaussian() + 0.7) * scales[t - 1]);
          gy[i] = (float) random.nextGaussian();
        }
        for (int ch = 0; ch < c; ch++) {
          w[ch] = (float) (1 + 0.2 * random.nextGaussian());
        }
        MovingAverageBatchNorm2dTest.set(state.get("weight"), w);

        // Closed form, double precision.
        double[][] psiBar = new double[groups][c];
        double[][] r = new double[groups][c];
        boolean[] moving = new boolean[groups];
        double[] meanPsiBar = new double[c];
        for (int k = 0; k < groups; k++) {
          double[] psi = new double[c];
          for (int i = 0; i < nbs; i++) {
            for (int ch = 0; ch < c; ch++) {
              for (int p = 0; p < l; p++) {
                double v = x[index(k * nbs + i, ch, p, c, l)];
                psi[ch] += v * v / (nbs * l);
              }
            }
          }
          historyX2.add(psi);
          moving[k] = !(historyX2.size() <= window || t < warmup);
          psiBar[k] = moving[k] ? lastMean(historyX2, window) : psi;
          for (int ch = 0; ch < c; ch++) {
            if (t <= Math.max(renorm, warmup)) {
              r[k][ch] = 1;
            } else {
              double raw = Math.sqrt(psiBar[k][ch] + EPS) / Math.sqrt(runningVar[ch] + EPS);
              r[k][ch] = Math.min(5, Math.max(0.2, raw));
              clampedLow += raw < 0.2 ? 1 : 0;
              clampedHigh += raw > 5 ? 1 : 0;
            }
            meanPsiBar[ch] += psiBar[k][ch] / groups;
          }
        }
        double[] expected = new double[x.length];
        for (int k = 0; k < groups; k++) {
          double[] phi = new double[c];
          for (int i = 0; i < nbs; i++) {
            for (int ch = 0; ch < c; ch++) {
              for (int p = 0; p < l; p++) {
                int at = index(k * nbs + i, ch, p, c, l);
                double z = x[at] / Math.sqrt(psiBar[k][ch] + EPS);
                phi[ch] += gy[at] * w[ch] * r[k][ch] * z / (nbs * l);
              }
            }
          }
          historyGz.add(phi);
          double[] phiBar = moving[k] ? lastMean(historyGz, window) : phi;
          for (int i = 0; i < nbs; i++) {
            for (int ch = 0; ch < c; ch++) {
              for (int p = 0; p < l; p++) {
                int at = index(k * nbs + i, ch, p, c, l);
                double root = Math.sqrt(psiBar[k][ch] + EPS);
                double g = gy[at] * w[ch] * r[k][ch];
                expected[at] = (g - x[at] / root * phiBar[ch]) / root;
              }
            }
          }
        }
        for (int ch = 0; ch < c; ch++) {
          runningVar[ch] = 0.98 * runningVar[ch] + 0.02 * meanPsiBar[ch];
        }

        try (NDManager scope = model.newSubManager()) {
          NDArray input = scope.create(x, shape);
          input.setRequiresGradient(true);
          NDArray upstream = scope.create(gy, shape);
          try (Autograd tape = Autograd.record()) {
            NDArray y = layer.forward(store, new NDList(input), true).singletonOrThrow();
            Backprop.run(y.mul(upstream).sum(), List.of(layer));
          }
          float[] actual = input.getGradient().toFloatArray();
          double scale = 1;
          double diff = 0;
          for (int i = 0; i < actual.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
          }
          assertThat(diff / scale).as("iteration " + t + " dL/dx relative error").isLessThan(2e-5);
          for (Parameter parameter : state.values()) {
            if (parameter.requiresGradient()) {
              Torch.zeroGrad(parameter.getArray());
            }
          }
        }
      }
    }
    assertThat(clampedLow).as("r clamped at 1/5").isPositive();
    assertThat(clampedHigh).as("r clamped at 5").isPositive();
  }

  /**
   * With the paper's defaults: own statistics at t = 99, the moving average from t = 100 (warm-up
   * 100); r = 1 at t = 1000 and active from t = 1001 (here clamped to 5, since running_var is
   * tiny).
   */
  @Test
  void publishedScheduleSwitchesAtIterations100And1000() {
    Shape shape = new Shape(4, 2, 2, 2);
    try (NDManager model = manager.newSubManager()) {
      MovingAverageBatchNorm2d layer = new MovingAverageBatchNorm2d(2, 2, MabnSettings.paper(4));
      layer.initialize(model, DataType.FLOAT32, shape);
      Map<String, Parameter> state = StateNames.of(layer);
      ParameterStore store = new ParameterStore(model, false);
      float[] large = new float[8];
      Arrays.fill(large, 100f);
      MovingAverageBatchNorm2dTest.set(state.get("buffer_x2"), large);

      setIters(state, 98);
      assertThat(ratioToOwnNormalization(layer, store, model, shape)).isCloseTo(1, offset());
      // t = 100: group 0's moving average now reaches the large buffered second moments.
      assertThat(ratioToOwnNormalization(layer, store, model, shape)).isLessThan(0.9);

      setIters(state, 999);
      // E[x^2] = 1 everywhere, so psibar = 1 at both steps and only r differs.
      float[] ones = new float[8];
      Arrays.fill(ones, 1f);
      MovingAverageBatchNorm2dTest.set(state.get("buffer_x2"), ones);
      float[] tiny = {1e-4f, 1e-4f};
      MovingAverageBatchNorm2dTest.set(state.get("running_var"), tiny);
      float atThousand = outputScale(layer, store, model, shape);
      MovingAverageBatchNorm2dTest.set(state.get("running_var"), tiny);
      float afterThousand = outputScale(layer, store, model, shape);
      assertThat(afterThousand / atThousand)
          .isCloseTo(5f, org.assertj.core.data.Offset.offset(1e-3f));
      assertThat(layer.iterations()).isEqualTo(1001);
    }
  }

  private static org.assertj.core.data.Offset<Double> offset() {
    return org.assertj.core.data.Offset.offset(1e-4);
  }

  private static void setIters(Map<String, Parameter> state, long value) {
    Autograd.withoutGrad(
        () -> state.get("iters").getArray().set(new ai.djl.ndarray.index.NDIndex(0), value));
  }

  /** Output / (x / sqrt(own group second moment)), averaged, with weight 1 and bias 0. */
  private static double ratioToOwnNormalization(
      MovingAverageBatchNorm2d layer, ParameterStore store, NDManager model, Shape shape) {
    try (NDManager scope = model.newSubManager()) {
      float[] values = new float[(int) shape.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = 1 + (i % 4) % 3; // (1, 2, 3, 1) over H x W in every sample and channel
      }
      NDArray x = scope.create(values, shape);
      NDArray y = layer.forward(store, new NDList(x), true).singletonOrThrow();
      // Same values in every group and channel: own E[x^2] = (1 + 4 + 9 + 1) / 4.
      double psi = 0;
      for (float v : values) {
        psi += v * v / values.length;
      }
      float[] out = y.toFloatArray();
      double ratio = 0;
      for (int i = 0; i < values.length; i++) {
        ratio += out[i] / (values[i] / Math.sqrt(psi + EPS)) / values.length;
      }
      return ratio;
    }
  }

  private static float outputScale(
      MovingAverageBatchNorm2d layer, ParameterStore store, NDManager model, Shape shape) {
    try (NDManager scope = model.newSubManager()) {
      NDArray x = scope.ones(shape);
      return layer.forward(store, new NDList(x), true).singletonOrThrow().toFloatArray()[0];
    }
  }

  private static int index(int sample, int channel, int position, int c, int l) {
    return (sample * c + channel) * l + position;
  }

  private static double[] lastMean(List<double[]> history, int window) {
    double[] mean = new double[history.get(0).length];
    for (double[] entry : history.subList(history.size() - window, history.size())) {
      for (int i = 0; i < mean.length; i++) {
        mean[i] += entry[i] / window;
      }
    }
    return mean;
  }
}

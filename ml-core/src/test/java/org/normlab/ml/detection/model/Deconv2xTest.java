package org.normlab.ml.detection.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.WeightInit;

class Deconv2xTest {

  @Test
  void matchesTheTransposedConvolutionSumComputedElementByElement() {
    int in = 3;
    int out = 2;
    int h = 2;
    int w = 3;
    Random random = new Random(5);
    float[] x = new float[2 * in * h * w];
    float[] weight = new float[in * out * 4];
    float[] bias = {0.5f, -1f};
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) random.nextGaussian();
    }
    Deconv2x deconv = new Deconv2x(out);
    try (NDManager manager = NDManager.newBaseManager()) {
      deconv.initialize(manager, DataType.FLOAT32, new Shape(2, in, h, w));
      WeightInit.copyInto(
          deconv.getParameters().get("weight").getArray(),
          manager.create(weight, new Shape(in, out, 2, 2)));
      WeightInit.copyInto(
          deconv.getParameters().get("bias").getArray(), manager.create(bias, new Shape(out)));

      NDArray y =
          deconv
              .forward(
                  new ParameterStore(manager, false),
                  new NDList(manager.create(x, new Shape(2, in, h, w))),
                  false)
              .singletonOrThrow();

      assertThat(y.getShape()).isEqualTo(new Shape(2, out, 2 * h, 2 * w));
      float[] actual = y.toFloatArray();
      for (int n = 0; n < 2; n++) {
        for (int o = 0; o < out; o++) {
          for (int r = 0; r < 2 * h; r++) {
            for (int c = 0; c < 2 * w; c++) {
              double expected = bias[o];
              for (int k = 0; k < in; k++) {
                expected +=
                    x[((n * in + k) * h + r / 2) * w + c / 2]
                        * weight[((k * out + o) * 2 + r % 2) * 2 + c % 2];
              }
              float value = actual[((n * out + o) * 2 * h + r) * 2 * w + c];
              assertThat((double) value).isCloseTo(expected, Offset.offset(1e-5));
            }
          }
        }
      }
    }
  }
}

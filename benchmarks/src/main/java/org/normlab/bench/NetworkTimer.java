package org.normlab.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Torch;

/**
 * Times networks round-robin: warm-up rounds, then timed rounds in which every network runs once
 * in turn, so that load from other processes hits every configuration alike. Report medians.
 */
final class NetworkTimer {

  interface Step {
    void run(Network network);
  }

  private final int warmupRounds;
  private final int rounds;

  NetworkTimer(int warmupRounds, int rounds) {
    this.warmupRounds = warmupRounds;
    this.rounds = rounds;
  }

  /** Seconds per run of {@code step}, one list per network, in the networks' order. */
  List<List<Double>> time(List<Network> networks, Step step) {
    List<List<Double>> seconds = new ArrayList<>();
    networks.forEach(n -> seconds.add(new ArrayList<>()));
    for (int round = 0; round < warmupRounds + rounds; round++) {
      for (int i = 0; i < networks.size(); i++) {
        long start = System.nanoTime();
        step.run(networks.get(i));
        if (round >= warmupRounds) {
          seconds.get(i).add((System.nanoTime() - start) / 1e9);
        }
      }
    }
    return seconds;
  }

  /** A forward pass in inference mode over random images. */
  static Step inference(ImageShape input, int batch) {
    return network -> {
      try (NDManager scope = network.manager().newSubManager()) {
        NDArray images = scope.randomNormal(input.batchOf(batch));
        Autograd.withoutGrad(() -> network.forward(images, false).toFloatArray());
      }
    };
  }

  /** What TrainingLoop.step does: forward, cross-entropy, backward, plain SGD update. */
  static Step trainStep(ImageShape input, int batch, int classes) {
    return network -> {
      try (NDManager scope = network.manager().newSubManager()) {
        NDArray images = scope.randomNormal(input.batchOf(batch));
        NDArray labels = scope.randomInteger(0, classes, new Shape(batch, 1), DataType.INT64);
        try (Autograd tape = Autograd.record()) {
          NDArray logits = network.forward(images, true);
          NDArray loss = logits.logSoftmax(1).gather(labels, 1).mean().neg();
          network.backward(loss);
        }
        Autograd.withoutGrad(
            () -> {
              for (Parameter parameter : network.trainable().values()) {
                NDArray w = parameter.getArray();
                NDArray g = w.getGradient();
                g.attach(scope);
                w.subi(g.mul(1e-4f));
                Torch.zeroGrad(w);
              }
            });
      }
    };
  }

  static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}

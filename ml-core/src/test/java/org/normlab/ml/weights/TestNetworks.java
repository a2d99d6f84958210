package org.normlab.ml.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.Random;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.norm.NormPolicy;

/** Networks and inputs for the weights tests: 3x72x72 images, so the torchvision stem is used. */
final class TestNetworks {

  static final ImageShape IMAGE = new ImageShape(3, 72, 72);
  static final int BATCH = 2;

  private TestNetworks() {}

  /**
   * {@code backbone} with {@code norm} everywhere, seeded weights, and norm state moved away from
   * its initial 1/0/0/1 (uniform [0.5, 1.5); int64 counters 3) so that every key affects the output
   * and a mix-up shows.
   */
  static Network build(String backbone, String norm, int width, int classes, long seed) {
    NormPolicy policy = NormPolicy.uniform(NormSpec.parse(norm), 1, BATCH);
    BackboneConfig config = new BackboneConfig(policy, width, classes, IMAGE);
    Network network = Network.create(BackboneRegistry.defaults(), backbone, config, seed);
    perturbNormState(network, seed);
    return network;
  }

  private static void perturbNormState(Network network, long seed) {
    Random random = new Random(seed);
    Autograd.withoutGrad(
        () ->
            network
                .stateArrays()
                .forEach(
                    (key, array) -> {
                      if (isConvOrLinearWeight(key, array)) {
                        return;
                      }
                      try (NDManager scratch = array.getManager().newSubManager()) {
                        WeightInit.copyInto(array, values(scratch, array, random));
                      }
                    }));
  }

  private static boolean isConvOrLinearWeight(String key, NDArray array) {
    int rank = array.getShape().dimension();
    return (key.endsWith(".weight") && rank != 1) || key.equals("fc.bias");
  }

  private static NDArray values(NDManager scratch, NDArray like, Random random) {
    Shape shape = like.getShape();
    if (like.getDataType() == DataType.INT64) {
      long[] counters = new long[(int) shape.size()];
      java.util.Arrays.fill(counters, 3L);
      return scratch.create(counters, shape);
    }
    float[] values = new float[(int) shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = 0.5f + random.nextFloat();
    }
    return scratch.create(values, shape);
  }

  /** A deterministic batch of images on {@code manager}. */
  static NDArray input(NDManager manager, long seed) {
    Random random = new Random(seed);
    Shape shape = IMAGE.batchOf(BATCH);
    float[] values = new float[(int) shape.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return manager.create(values, shape);
  }

  /** Every state array's bytes, for bitwise comparison. */
  static Map<String, HostTensor> snapshot(Network network) {
    Map<String, HostTensor> copy = new java.util.LinkedHashMap<>();
    network.stateArrays().forEach((key, array) -> copy.put(key, HostTensor.of(array, key)));
    return copy;
  }
}

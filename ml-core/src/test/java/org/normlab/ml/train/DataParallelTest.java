package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.backbone.BackboneConfig;
import org.normlab.ml.backbone.BackboneRegistry;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.model.Network;
import org.normlab.ml.norm.NormPolicy;

/**
 * A data-parallel step over N replicas is the step of one replica on the whole batch: ResNet-10
 * (width 4, 16x16 RGB, 10 classes), batch 12, two SGD steps (lr 0.1, momentum 0.9, wd 1e-4), then
 * every parameter and buffer of every replica compared with the single replica's.
 *
 * <p>Tolerance 1e-5 absolute on values of order 1 (largest difference seen: 2.4e-7): both sides
 * compute the same function in float32, but the gradient of the whole batch is summed in a
 * different order (per-shard sums, then across shards; BN and conv reductions over 12 vs 12/N
 * samples), which moves only the last bits. Leaving out the averaging of BN running statistics
 * across replicas, or SyncBN's cross-replica backward sums, fails these tests (checked by hand).
 */
class DataParallelTest {

  private static final double TOLERANCE = 1e-5;
  private static final int BATCH = 12;
  private static final ImageShape INPUT = new ImageShape(3, 16, 16);
  private static final OptimizerSpec SGD =
      new OptimizerSpec(0.1, 0.9, 1e-4, false, ScheduleSpec.constant());

  /** gn's statistics are per sample: sharding changes nothing but the reduction order. */
  @ParameterizedTest(name = "{0} replicas")
  @ValueSource(ints = {2, 3})
  void stepOverReplicasEqualsOneReplicaOnTheWholeBatch(int replicas) {
    assertSameTraining(replicas, "gn:2", BATCH, "gn:2", BATCH);
  }

  /** Per-replica bn over shards of b is bn with normalization groups of b on one replica. */
  @ParameterizedTest(name = "{0} replicas")
  @ValueSource(ints = {2, 3})
  void bnOverReplicasEqualsBnWithNormBatchSizeOfOneShard(int replicas) {
    int shard = BATCH / replicas;
    assertSameTraining(replicas, "bn", shard, "bn", shard);
  }

  /** syncbn over N shards normalizes (forward and backward) as bn over the whole batch. */
  @ParameterizedTest(name = "{0} replicas")
  @ValueSource(ints = {1, 2, 3})
  void syncbnOverReplicasEqualsBnOverTheWholeBatch(int replicas) {
    assertSameTraining(replicas, "syncbn", BATCH, "bn", BATCH);
  }

  @Test
  void refusesSeveralReplicasOfMabn() {
    Supplier<Network> mabn = () -> network("mabn:2", 2, Device.cpu());
    List<Network> networks = List.of(mabn.get(), mabn.get());
    assertThatThrownBy(() -> new DataParallel(networks))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one replica only");
    networks.forEach(Network::close);
  }

  @Test
  void batchesThatDoNotSplitEvenlyAreRejected() {
    try (DataParallel parallel = replicas(2, "gn:2", BATCH);
        NDManager scope = parallel.primary().manager().newSubManager()) {
      Batch batch = batch(scope, 7);
      assertThatThrownBy(() -> parallel.forwardBackward(batch.images, batch.labels, 0L, 0.0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("7 samples cannot be split evenly across 2 replicas");
    }
  }

  /** Two steps of {@code replicas} x {@code norm} against one replica of {@code reference}. */
  private static void assertSameTraining(
      int replicas, String norm, int normBatch, String reference, int referenceNormBatch) {
    try (DataParallel parallel = replicas(replicas, norm, normBatch);
        DataParallel single = replicas(1, reference, referenceNormBatch)) {
      double[] parallelLosses = train(parallel);
      double[] singleLosses = train(single);
      assertThat(parallelLosses).containsExactly(singleLosses, withinTolerance());
      Map<String, ai.djl.nn.Parameter> expected = single.primary().state();
      for (int rank = 0; rank < replicas; rank++) {
        Map<String, ai.djl.nn.Parameter> actual = parallel.all().get(rank).state();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String key : expected.keySet()) {
          assertThat(actual.get(key).getArray().toFloatArray())
              .as("replica %d, %s", rank, key)
              .containsExactly(expected.get(key).getArray().toFloatArray(), floatTolerance());
        }
      }
      // The step really moved the parameters (otherwise equality would prove nothing).
      try (Network fresh = network(reference, referenceNormBatch, Device.cpu())) {
        float[] before = fresh.state().get("conv1.weight").getArray().toFloatArray();
        float[] after = expected.get("conv1.weight").getArray().toFloatArray();
        assertThat(maxDifference(before, after)).isGreaterThan(1e-3);
      }
    }
  }

  /** Two SGD steps on fixed batches; returns the losses. */
  private static double[] train(DataParallel parallel) {
    Network primary = parallel.primary();
    Sgd sgd = new Sgd(SGD, primary.trainable(), primary.manager());
    double[] losses = new double[2];
    for (int step = 0; step < 2; step++) {
      try (NDManager scope = primary.manager().newSubManager()) {
        Batch batch = batch(scope, BATCH, step);
        losses[step] = parallel.forwardBackward(batch.images, batch.labels, 0L, 0.0);
        sgd.step(0.1, scope);
        parallel.shareUpdate();
      }
    }
    return losses;
  }

  private static DataParallel replicas(int count, String norm, int normBatch) {
    List<Network> networks = new ArrayList<>();
    for (int rank = 0; rank < count; rank++) {
      networks.add(network(norm, normBatch, Device.cpu()));
    }
    return new DataParallel(networks);
  }

  private static Network network(String norm, int normBatch, Device device) {
    BackboneConfig config =
        new BackboneConfig(
            NormPolicy.uniform(NormSpec.parse(norm), normBatch, BATCH), 4, 10, INPUT);
    return Network.create(BackboneRegistry.defaults(), "resnet10", config, 7, device);
  }

  private record Batch(NDArray images, NDArray labels) {}

  private static Batch batch(NDManager scope, int size) {
    return batch(scope, size, 0);
  }

  /** Images with per-channel offsets and scales, labels 0..9; fixed by {@code step}. */
  private static Batch batch(NDManager scope, int size, int step) {
    Random random = new Random(31 + step);
    int pixels = INPUT.height() * INPUT.width();
    float[] images = new float[size * INPUT.channels() * pixels];
    for (int i = 0; i < images.length; i++) {
      int channel = (i / pixels) % INPUT.channels();
      images[i] = (float) (0.5 * channel + (1 + channel) * random.nextGaussian());
    }
    long[] labels = new long[size];
    for (int i = 0; i < size; i++) {
      labels[i] = random.nextInt(10);
    }
    return new Batch(
        scope.create(images, INPUT.batchOf(size)),
        scope.create(labels, new Shape(size)).toType(DataType.INT64, false));
  }

  private static org.assertj.core.data.Offset<Double> withinTolerance() {
    return org.assertj.core.data.Offset.offset(TOLERANCE);
  }

  private static org.assertj.core.data.Offset<Float> floatTolerance() {
    return org.assertj.core.data.Offset.offset((float) TOLERANCE);
  }

  private static double maxDifference(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }
}

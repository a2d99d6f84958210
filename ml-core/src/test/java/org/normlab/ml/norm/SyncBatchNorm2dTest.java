package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Backprop;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.ReplicaGroup;
import org.normlab.ml.nn.ReplicaLink;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.nn.WeightInit;

/**
 * SyncBN over N replicas, each on its own thread with a shard of the batch, against PyTorch-exact
 * BN ({@link BatchNorm2d}, native batch norm) over the whole batch: outputs, input gradients, the
 * replicas' summed weight and bias gradients, and the running statistics.
 *
 * <p>Input (12, 4, 3, 3) with per-channel offsets up to 3 and scales up to 4, a fixed random
 * upstream gradient. Tolerance 1e-5 absolute on O(1) values: the two compute the same formulas in
 * float32 (SyncBN combines per-shard statistics in double), so they differ by rounding only. Had
 * the backward used shard-local sums of dy and dy*xhat, input gradients would be off by O(0.1).
 */
class SyncBatchNorm2dTest {

  private static final double TOLERANCE = 1e-5;
  private static final int BATCH = 12;
  private static final int CHANNELS = 4;
  private static final Shape INPUT = new Shape(BATCH, CHANNELS, 3, 3);
  private static NDManager manager;
  private static ExecutorService threads;

  @BeforeAll
  static void start() {
    DjlRuntime.engine();
    manager = NDManager.newBaseManager();
    threads = Executors.newFixedThreadPool(3);
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
    manager.close();
  }

  @ParameterizedTest(name = "{0} replicas")
  @ValueSource(ints = {1, 2, 3})
  void replicasNormalizeAndBackpropagateLikeBnOverTheWholeBatch(int replicas) throws Exception {
    float[] input = values(INPUT.size(), 1, true);
    float[] upstream = values(INPUT.size(), 2, false);
    Result expected = run(new BatchNorm2d(CHANNELS, BATCH, 0.1f, 1e-5f), input, upstream, 0, BATCH);

    ReplicaGroup group = new ReplicaGroup(replicas);
    int share = BATCH / replicas;
    List<Future<Result>> futures = new ArrayList<>();
    for (int rank = 0; rank < replicas; rank++) {
      SyncBatchNorm2d layer = new SyncBatchNorm2d(CHANNELS, 0.1f, 1e-5f);
      ReplicaLink link = new ReplicaLink(group, rank);
      layer.bind(link);
      int from = rank * share;
      futures.add(threads.submit(() -> run(layer, link, input, upstream, from, from + share)));
    }
    List<Result> shards = new ArrayList<>();
    for (Future<Result> future : futures) {
      shards.add(future.get());
    }

    assertThat(concat(shards, Result::output)).containsExactly(expected.output, within());
    assertThat(concat(shards, Result::inputGradient))
        .containsExactly(expected.inputGradient, within());
    assertThat(sum(shards, Result::weightGradient))
        .containsExactly(expected.weightGradient, within());
    assertThat(sum(shards, Result::biasGradient)).containsExactly(expected.biasGradient, within());
    for (Result shard : shards) {
      assertThat(shard.runningMean).containsExactly(expected.runningMean, within());
      assertThat(shard.runningVar).containsExactly(expected.runningVar, within());
    }
    // The input gradient is not trivially small: the check above has teeth.
    assertThat(maxAbs(expected.inputGradient)).isGreaterThan(0.1f);
  }

  private record Result(
      float[] output,
      float[] inputGradient,
      float[] weightGradient,
      float[] biasGradient,
      float[] runningMean,
      float[] runningVar) {}

  private static Result run(
      AbstractBlock layer, float[] input, float[] upstream, int from, int to) {
    return run(layer, ReplicaLink.solo(), input, upstream, from, to);
  }

  /** Forward and backward of sum(y * upstream) over samples [from, to) on the calling thread. */
  private static Result run(
      AbstractBlock layer, ReplicaLink link, float[] input, float[] upstream, int from, int to) {
    Torch.setGradMode(false);
    try (NDManager scope = manager.newSubManager()) {
      layer.initialize(scope, DataType.FLOAT32, INPUT);
      // Non-trivial affine parameters, equal on every replica.
      WeightInit.copyInto(layer.getParameters().get("weight").getArray(),
          scope.create(new float[] {1.5f, 0.5f, -1f, 2f}));
      WeightInit.copyInto(layer.getParameters().get("bias").getArray(),
          scope.create(new float[] {0.1f, -0.2f, 0.3f, 0f}));
      NDIndex rows = new NDIndex("{}:{}", from, to);
      NDArray x = scope.create(input, INPUT).get(rows);
      NDArray gy = scope.create(upstream, INPUT).get(rows);
      x.setRequiresGradient(true);
      ParameterStore store = new ParameterStore(scope, false);
      NDArray y;
      try (Autograd tape = Autograd.record()) {
        y = layer.forward(store, new NDList(x), true).singletonOrThrow();
        Backprop.run(y.mul(gy).sum(), List.of(), link);
      }
      return new Result(
          y.toFloatArray(),
          x.getGradient().toFloatArray(),
          layer.getParameters().get("weight").getArray().getGradient().toFloatArray(),
          layer.getParameters().get("bias").getArray().getGradient().toFloatArray(),
          layer.getParameters().get("running_mean").getArray().toFloatArray(),
          layer.getParameters().get("running_var").getArray().toFloatArray());
    }
  }

  private static float[] values(long count, long seed, boolean perChannelShift) {
    Random random = new Random(seed);
    float[] values = new float[Math.toIntExact(count)];
    int spatial = 9;
    for (int i = 0; i < values.length; i++) {
      int channel = (i / spatial) % CHANNELS;
      values[i] =
          perChannelShift
              ? (float) (channel + (1 + channel) * random.nextGaussian())
              : (float) random.nextGaussian();
    }
    return values;
  }

  private static float[] concat(List<Result> shards, java.util.function.Function<Result, float[]> f) {
    int length = shards.stream().mapToInt(r -> f.apply(r).length).sum();
    float[] all = new float[length];
    int at = 0;
    for (Result shard : shards) {
      float[] part = f.apply(shard);
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  private static float[] sum(List<Result> shards, java.util.function.Function<Result, float[]> f) {
    float[] total = new float[CHANNELS];
    for (Result shard : shards) {
      float[] part = f.apply(shard);
      for (int c = 0; c < CHANNELS; c++) {
        total[c] += part[c];
      }
    }
    return total;
  }

  private static float maxAbs(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  private static org.assertj.core.data.Offset<Float> within() {
    return offset((float) TOLERANCE);
  }
}

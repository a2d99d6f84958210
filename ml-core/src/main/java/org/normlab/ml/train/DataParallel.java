package org.normlab.ml.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.normlab.ml.Seeds;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.ReplicaGroup;
import org.normlab.ml.nn.ReplicaLink;
import org.normlab.ml.nn.Scalars;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.nn.WeightInit;

/**
 * N replicas of one network trained as one model on batches split N ways: the same step as one
 * replica on the whole batch, computed by N.
 *
 * <p>A step ({@link #forwardBackward}, the optimizer, {@link #shareUpdate}):
 *
 * <ol>
 *   <li>replica r takes samples [r b, (r+1) b) of the batch (b = batch / N) and runs forward and
 *       backward of its share of the batch's mean loss, {@code sum of its sample losses / batch},
 *       on its own thread; every replica's future is joined before anything else happens (DJL's
 *       {@code EasyTrain} never joins them, djl-notes 7);
 *   <li>the gradients are reduced ONCE: summed into replica 0's parameters, which is the gradient
 *       of the whole batch's mean loss;
 *   <li>ONE optimizer, holding the only optimizer state, updates replica 0's parameters (the
 *       caller's {@link Sgd}, built on {@link #primary()}; DJL instead runs the optimizer once per
 *       replica with per-replica state);
 *   <li>the updated parameters are copied to the other replicas, and buffers that each replica
 *       updated from its own samples (BN running statistics) are averaged across replicas and
 *       shared: one momentum step with the mean of the replicas' statistics, which is what BN with
 *       normBatchSize = b does on one replica.
 * </ol>
 *
 * With one replica every step runs on the calling thread and nothing is reduced or copied. Norms
 * with statistics across replicas (SyncBN) exchange them through the replicas' {@link
 * ReplicaLink}s during forward and backward.
 */
final class DataParallel implements AutoCloseable {

  private final List<Network> replicas;
  private final ReplicaGroup group;
  private final ExecutorService executor;

  /**
   * Takes ownership of {@code replicas} (closed with this), equal networks built from one seed.
   *
   * @throws IllegalArgumentException for more than one replica of a network with custom
   *     gradients (MABN), whose moving averages span all normalization groups of the batch
   */
  DataParallel(List<Network> replicas) {
    if (replicas.isEmpty()) {
      throw new IllegalArgumentException("data parallelism needs at least one replica");
    }
    if (replicas.size() > 1 && replicas.get(0).hasCustomGradients()) {
      throw new IllegalArgumentException(
          "This network's norm (MABN) averages statistics over all normalization groups of a"
              + " batch and trains on one replica only; got "
              + replicas.size()
              + " replicas");
    }
    this.replicas = List.copyOf(replicas);
    this.group = new ReplicaGroup(replicas.size());
    for (int rank = 0; rank < replicas.size(); rank++) {
      replicas.get(rank).joinReplicas(new ReplicaLink(group, rank));
    }
    this.executor = replicas.size() == 1 ? null : Executors.newFixedThreadPool(
        replicas.size(), daemonThreads());
    copyPrimaryToAll();
  }

  /**
   * {@code count} networks from {@code factory}, one per device of {@link #devices}.
   *
   * @throws IllegalArgumentException when the worker cannot host {@code count} replicas
   */
  static DataParallel create(int count, Function<Device, Network> factory) {
    List<Network> networks = new ArrayList<>();
    try {
      for (Device device : devices(count)) {
        networks.add(factory.apply(device));
      }
      return new DataParallel(networks);
    } catch (RuntimeException e) {
      networks.forEach(Network::close);
      throw e;
    }
  }

  /**
   * One GPU per replica when the engine sees GPUs; otherwise every replica on the CPU, each with
   * its own parameter arrays. (DJL 0.35.1 has no {@code Device.cpu(int)}; {@code Device.of("cpu",
   * 1)} is accepted, but the PyTorch engine creates its arrays on {@code cpu()}: measured, there is
   * no second CPU device to place a replica on.)
   */
  static List<Device> devices(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("replicas must be >= 1, got " + count);
    }
    int gpus = DjlRuntime.engine().getGpuCount();
    if (gpus > 0 && count > gpus) {
      throw new IllegalArgumentException(
          count + " replicas asked for, but this worker has " + gpus + " GPUs; allowed: 1.." + gpus);
    }
    List<Device> devices = new ArrayList<>();
    for (int rank = 0; rank < count; rank++) {
      devices.add(gpus > 0 ? Device.gpu(rank) : Device.cpu());
    }
    return devices;
  }

  /** Replicas when the spec leaves the choice to the worker: one per GPU, else one. */
  static int defaultCount() {
    return Math.max(1, DjlRuntime.engine().getGpuCount());
  }

  /** Replica 0: the one the optimizer updates and checkpoints are taken from. */
  Network primary() {
    return replicas.get(0);
  }

  int size() {
    return replicas.size();
  }

  /** Every replica, primary first. */
  List<Network> all() {
    return replicas;
  }

  /** e.g. {@code "cpu() x2 threads"} for one replica, {@code "2 x cpu() x2 threads"} for two. */
  String describe() {
    String device = DjlRuntime.describe(primary().device());
    return size() == 1 ? device : size() + " x " + device;
  }

  /**
   * Forward and backward of the batch's mean cross-entropy, split across the replicas, leaving
   * the whole batch's gradient in the primary's parameters and none in the others'.
   *
   * @return the batch's mean loss
   * @throws IllegalArgumentException unless the batch splits evenly
   */
  double forwardBackward(NDArray images, NDArray labels, long stepSeed, double labelSmoothing) {
    long batch = images.getShape().get(0);
    int n = size();
    if (batch % n != 0) {
      throw new IllegalArgumentException(
          "A batch of " + batch + " samples cannot be split evenly across " + n + " replicas");
    }
    if (n == 1) {
      return shardStep(primary(), images, labels, 1.0, stepSeed, labelSmoothing);
    }
    long share = batch / n;
    double weight = (double) share / batch;
    List<Future<Double>> futures = new ArrayList<>();
    for (int rank = 0; rank < n; rank++) {
      Network replica = replicas.get(rank);
      NDIndex rows = new NDIndex("{}:{}", rank * share, (rank + 1) * share);
      NDArray x = images.get(rows);
      NDArray y = labels.get(rows);
      // Each replica draws its own dropout mask, as each rank of a distributed run does.
      long replicaSeed = Seeds.derive(stepSeed, "replica", rank);
      futures.add(executor.submit(
          () -> onReplicaThread(replica, x, y, weight, replicaSeed, labelSmoothing)));
    }
    double loss = 0;
    RuntimeException failure = null;
    for (Future<Double> future : futures) {
      try {
        loss += future.get();
      } catch (ExecutionException e) {
        failure = first(failure, e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        group.abort(e);
        failure = first(failure, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    reduceGradients();
    return loss;
  }

  private double onReplicaThread(
      Network replica, NDArray images, NDArray labels, double weight, long seed, double labelSmoothing) {
    // Grad mode is thread-local and on in fresh threads (djl-notes 8): off unless recording.
    Torch.setGradMode(false);
    try {
      return shardStep(replica, images, labels, weight, seed, labelSmoothing);
    } catch (RuntimeException | Error e) {
      group.abort(e);
      throw e;
    }
  }

  /** Forward and backward of {@code weight} x this shard's mean loss; returns that value. */
  private static double shardStep(
      Network replica, NDArray images, NDArray labels, double weight, long seed, double labelSmoothing) {
    try (NDManager scope = replica.manager().newSubManager()) {
      NDArray x = onto(images, replica, scope);
      NDArray y = onto(labels, replica, scope);
      NDArray loss;
      try (Autograd tape = Autograd.record()) {
        NDArray logits = replica.forward(x, seed);
        loss = CrossEntropy.mean(logits, y, labelSmoothing);
        if (weight != 1.0) {
          loss = loss.mul(Scalars.like(loss, weight));
        }
        replica.backward(loss);
      }
      return loss.getFloat();
    }
  }

  private static NDArray onto(NDArray array, Network replica, NDManager scope) {
    NDArray local = array.toDevice(replica.device(), false);
    local.attach(scope);
    return local;
  }

  /** The one gradient reduction: sum into the primary, clear the others'. */
  private void reduceGradients() {
    Network primary = primary();
    try (NDManager scratch = primary.manager().newSubManager()) {
      Autograd.withoutGrad(
          () -> {
            for (Map.Entry<String, Parameter> entry : primary.trainable().entrySet()) {
              NDArray total = entry.getValue().getArray().getGradient();
              total.attach(scratch);
              for (Network replica : replicas.subList(1, size())) {
                NDArray w = replica.state().get(entry.getKey()).getArray();
                NDArray gradient = w.getGradient();
                gradient.attach(scratch);
                total.addi(gradient.toDevice(primary.device(), false));
                Torch.zeroGrad(w);
              }
            }
          });
    }
  }

  /**
   * After the optimizer updated the primary: averages the buffers (running statistics) that each
   * replica updated from its own shard, and copies parameters and buffers to every replica.
   */
  void shareUpdate() {
    if (size() == 1) {
      return;
    }
    Network primary = primary();
    try (NDManager scratch = primary.manager().newSubManager()) {
      Autograd.withoutGrad(
          () ->
              primary
                  .state()
                  .forEach(
                      (key, parameter) -> {
                        NDArray mine = parameter.getArray();
                        if (parameter.requiresGradient() || !mine.getDataType().isFloating()) {
                          return;
                        }
                        NDArray sum = mine.duplicate();
                        sum.attach(scratch);
                        for (Network replica : replicas.subList(1, size())) {
                          NDArray theirs = replica.state().get(key).getArray();
                          NDArray here = theirs.toDevice(primary.device(), false);
                          if (here != theirs) {
                            // A copy from another device lands in the replica's model manager.
                            here.attach(scratch);
                          }
                          sum.addi(here);
                        }
                        WeightInit.copyInto(mine, sum.divi(size()));
                      }));
    }
    copyPrimaryToAll();
  }

  /** Makes every replica's state equal to the primary's (after creation and after a restore). */
  void copyPrimaryToAll() {
    Network primary = primary();
    Autograd.withoutGrad(
        () -> {
          for (Network replica : replicas.subList(1, size())) {
            try (NDManager scratch = replica.manager().newSubManager()) {
              primary
                  .state()
                  .forEach(
                      (key, parameter) -> {
                        NDArray source = parameter.getArray().toDevice(replica.device(), true);
                        source.attach(scratch);
                        WeightInit.copyInto(replica.state().get(key).getArray(), source);
                      });
            }
          }
        });
  }

  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
    }
    replicas.forEach(Network::close);
  }

  /** The failure to report: a replica's own, not one that failed because another one did. */
  private static RuntimeException first(RuntimeException earlier, Throwable cause) {
    if (earlier != null && !(earlier instanceof ReplicaGroup.ReplicaAbortedException)) {
      return earlier;
    }
    if (earlier != null && cause instanceof ReplicaGroup.ReplicaAbortedException) {
      return earlier;
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger next = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "normlab-replica-" + next.getAndIncrement());
      thread.setDaemon(true);
      return thread;
    };
  }
}

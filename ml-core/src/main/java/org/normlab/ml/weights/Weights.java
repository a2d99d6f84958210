package org.normlab.ml.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.WeightInit;

/**
 * Weight files with the official PyTorch state-dict keys ({@code layer1.0.bn1.running_var}, see
 * {@link StateNames}), in {@code .npz} or {@code .safetensors}, the format chosen by extension.
 *
 * <pre>{@code
 * ImportReport report = Weights.importInto(network.block(), Path.of("resnet18.safetensors"));
 * Weights.export(network.block(), Path.of("out/resnet18.npz"));
 * }</pre>
 *
 * Import tolerates the legacy packaging (a {@code state_dict.} wrapper, a {@code module.} prefix;
 * see {@link WrappedKeys}), absent or extra {@code num_batches_tracked}, and instance-norm running
 * statistics from PyTorch 0.3 files; float64 values are rounded to float32. Export adds {@code
 * num_batches_tracked} to every BatchNorm so the file loads with {@code load_state_dict(strict=
 * True)}.
 */
public final class Weights {

  private Weights() {}

  /** {@link #importInto(Block, Path, ImportOptions)} with {@link ImportOptions#STRICT}. */
  public static ImportReport importInto(Block block, Path file) {
    return importInto(block, file, ImportOptions.STRICT);
  }

  /**
   * Copies the file's values into the initialized {@code block}'s parameters and buffers, in place
   * (parameters stay autograd leaves).
   *
   * @throws WeightsMismatchException in strict mode when any key is missing, unexpected or
   *     mis-shaped; nothing is loaded then
   * @throws IllegalArgumentException when the file is not a valid weight file of its format
   * @throws UncheckedIOException when it cannot be read
   */
  public static ImportReport importInto(Block block, Path file, ImportOptions options) {
    Map<String, Parameter> state = StateNames.of(block);
    state.forEach(
        (key, parameter) -> {
          if (!parameter.isInitialized()) {
            throw TorchStateDict.notInitialized(key);
          }
        });
    StateMatch match =
        StateMatch.of(state, StateNames.modules(block), WrappedKeys.unwrap(read(file)));
    if (options.strict() && !match.report().isComplete()) {
      throw new WeightsMismatchException(file, match.report());
    }
    Autograd.withoutGrad(() -> match.loads().forEach(Weights::copy));
    return match.report();
  }

  /** The file's tensors under its own keys, unvalidated against any model. */
  public static Map<String, HostTensor> read(Path file) {
    WeightFormat format = WeightFormat.forPath(file);
    try {
      return format.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read weights from " + file, e);
    }
  }

  /** Exports in the format {@code file}'s extension names; counters 0. */
  public static void export(Block block, Path file) {
    export(block, file, WeightFormat.forPath(file), 0);
  }

  /** Exports in {@code format} whatever the extension; counters 0. */
  public static void export(Block block, Path file, WeightFormat format) {
    export(block, file, format, 0);
  }

  /**
   * Writes {@code block}'s state under PyTorch keys, atomically (temp file, fsync, rename).
   *
   * @param batchesTracked value of the added {@code num_batches_tracked} counters: 0, or the
   *     training steps taken when known (PyTorch counts BN training forwards; only BN momentum=None
   *     reads it)
   */
  public static void export(Block block, Path file, WeightFormat format, long batchesTracked) {
    Map<String, HostTensor> tensors = TorchStateDict.of(block, batchesTracked);
    try {
      AtomicFile.write(file, out -> format.write(tensors, out));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write weights to " + file, e);
    }
  }

  /** Writes tensors under the given keys as they are; for tools and tests. */
  public static void write(Map<String, HostTensor> tensors, Path file) {
    WeightFormat format = WeightFormat.forPath(file);
    try {
      AtomicFile.write(file, out -> format.write(tensors, out));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write weights to " + file, e);
    }
  }

  private static void copy(Parameter parameter, HostTensor tensor) {
    NDArray target = parameter.getArray();
    try (NDManager scratch = target.getManager().newSubManager()) {
      ElementType type = ElementType.of(target.getDataType(), parameter.getName());
      WeightInit.copyInto(target, tensor.toArray(scratch, type));
    }
  }
}

package org.normlab.ml.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.ml.data.SamplerPosition;

/**
 * A checkpoint file is one safetensors file (readable by Python's {@code safetensors} and numpy) of
 * named tensors: {@code model/<state key>}, {@code momentum/<state key>}, and int64 / float64
 * scalars {@code meta/<counter>}. {@code meta/format_version} guards incompatible changes; fields
 * added since version 1 (the loss history) are optional on read, so older checkpoints still load.
 */
public final class CheckpointFormat {

  public static final int VERSION = 1;

  static final String MODEL = "model/";
  static final String MOMENTUM = "momentum/";
  static final String META = "meta/";
  private static final String EPOCH_MEAN_LOSSES = "epoch_mean_losses";
  private static final String OPEN_EPOCH_LOSS_SUM = "open_epoch_loss_sum";
  private static final String OPEN_EPOCH_STEPS = "open_epoch_steps";
  private static final String SKIPPED_IMAGES = "skipped_images";

  private CheckpointFormat() {}

  /**
   * Encodes {@code model} and {@code momentum} arrays (current values, no copies) and the counters.
   * Scalars and named views are created on {@code scratch}, which the caller closes.
   */
  public static void write(
      OutputStream out,
      Map<String, NDArray> model,
      Map<String, NDArray> momentum,
      TrainingCounters counters,
      NDManager scratch)
      throws IOException {
    NDList list = new NDList();
    // safetensors takes tensor names from NDArray names; naming views (scoped to scratch) leaves
    // the parameters' own names untouched.
    model.forEach((key, array) -> list.add(named(view(array, scratch), MODEL + key)));
    momentum.forEach((key, array) -> list.add(named(view(array, scratch), MOMENTUM + key)));
    list.add(named(scratch.create((long) VERSION), META + "format_version"));
    list.add(named(scratch.create((long) counters.epoch()), META + "epoch"));
    list.add(named(scratch.create(counters.iteration()), META + "iteration"));
    list.add(named(scratch.create((long) counters.sampler().epoch()), META + "sampler_epoch"));
    list.add(named(scratch.create((long) counters.sampler().offset()), META + "sampler_offset"));
    list.add(named(scratch.create((long) counters.batchSize()), META + "batch_size"));
    list.add(named(scratch.create(counters.seed()), META + "seed"));
    list.add(named(scratch.create(counters.lastLoss()), META + "last_loss"));
    LossHistory losses = counters.losses();
    if (!losses.epochMeans().isEmpty()) {
      double[] means = losses.epochMeans().stream().mapToDouble(Double::doubleValue).toArray();
      list.add(named(scratch.create(means), META + EPOCH_MEAN_LOSSES));
    }
    list.add(named(scratch.create(losses.openSum()), META + OPEN_EPOCH_LOSS_SUM));
    list.add(named(scratch.create(losses.openSteps()), META + OPEN_EPOCH_STEPS));
    list.add(named(scratch.create(counters.skippedImages()), META + SKIPPED_IMAGES));
    list.encode(out, NDList.Encoding.SAFETENSORS);
  }

  /**
   * Decodes a checkpoint onto {@code manager}.
   *
   * @throws IllegalArgumentException when the content is not a checkpoint of this format
   */
  public static CheckpointContent read(InputStream in, NDManager manager) {
    NDList list;
    try {
      list = NDList.decode(manager, in);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a checkpoint: " + e.getMessage(), e);
    }
    Map<String, NDArray> model = new LinkedHashMap<>();
    Map<String, NDArray> momentum = new LinkedHashMap<>();
    Map<String, NDArray> meta = new LinkedHashMap<>();
    for (NDArray array : list) {
      String name = array.getName() == null ? "" : array.getName();
      if (name.startsWith(MODEL)) {
        model.put(name.substring(MODEL.length()), array);
      } else if (name.startsWith(MOMENTUM)) {
        momentum.put(name.substring(MOMENTUM.length()), array);
      } else if (name.startsWith(META)) {
        meta.put(name.substring(META.length()), array);
      } else {
        throw new IllegalArgumentException("Unexpected tensor '" + name + "' in checkpoint");
      }
    }
    long version = scalar(meta, "format_version");
    if (version != VERSION) {
      throw new IllegalArgumentException(
          "Checkpoint format version "
              + version
              + " is not supported (this build reads "
              + VERSION
              + ")");
    }
    TrainingCounters counters =
        new TrainingCounters(
            Math.toIntExact(scalar(meta, "epoch")),
            scalar(meta, "iteration"),
            new SamplerPosition(
                Math.toIntExact(scalar(meta, "sampler_epoch")),
                Math.toIntExact(scalar(meta, "sampler_offset"))),
            Math.toIntExact(scalar(meta, "batch_size")),
            scalar(meta, "seed"),
            metaArray(meta, "last_loss").toType(DataType.FLOAT64, false).getDouble(),
            losses(meta),
            // Checkpoints written before the count was kept have none: 0.
            meta.containsKey(SKIPPED_IMAGES) ? scalar(meta, SKIPPED_IMAGES) : 0);
    return new CheckpointContent(model, momentum, counters);
  }

  private static LossHistory losses(Map<String, NDArray> meta) {
    if (!meta.containsKey(OPEN_EPOCH_STEPS)) {
      return LossHistory.EMPTY;
    }
    NDArray means = meta.get(EPOCH_MEAN_LOSSES);
    List<Double> epochMeans = means == null
        ? List.of()
        : Arrays.stream(means.toType(DataType.FLOAT64, false).toDoubleArray()).boxed().toList();
    return new LossHistory(epochMeans,
        metaArray(meta, OPEN_EPOCH_LOSS_SUM).toType(DataType.FLOAT64, false).getDouble(),
        scalar(meta, OPEN_EPOCH_STEPS));
  }

  private static NDArray view(NDArray array, NDManager scratch) {
    NDArray view = array.reshape(array.getShape());
    view.attach(scratch);
    return view;
  }

  private static NDArray named(NDArray array, String name) {
    array.setName(name);
    return array;
  }

  private static long scalar(Map<String, NDArray> meta, String key) {
    return metaArray(meta, key).toType(DataType.INT64, false).getLong();
  }

  private static NDArray metaArray(Map<String, NDArray> meta, String key) {
    NDArray array = meta.get(key);
    if (array == null) {
      throw new IllegalArgumentException("Checkpoint lacks meta/" + key);
    }
    return array;
  }
}

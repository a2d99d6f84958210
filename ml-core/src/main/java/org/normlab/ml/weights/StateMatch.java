package org.normlab.ml.weights;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.ml.norm.InstanceNorm2d;

/**
 * Pairs a model's state keys with a file's (already unwrapped) tensors: what can be loaded, and the
 * report. Pure bookkeeping; nothing is copied here.
 *
 * @param loads model parameter to file tensor, for every key that fits
 */
record StateMatch(Map<Parameter, HostTensor> loads, ImportReport report) {

  static final String BATCHES_TRACKED = "num_batches_tracked";

  static StateMatch of(Map<String, Parameter> state, Map<String, Block> modules, WrappedKeys file) {
    Map<Parameter, HostTensor> loads = new LinkedHashMap<>();
    List<String> loaded = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<KeyMismatch> mismatched = new ArrayList<>();
    List<String> ignored = new ArrayList<>(file.bookkeeping());
    file.tensors()
        .forEach(
            (key, tensor) -> {
              Parameter parameter = state.get(key);
              if (parameter == null) {
                (isOptional(key, modules) ? ignored : unexpected).add(key);
                return;
              }
              Shape modelShape = parameter.getArray().getShape();
              ElementType modelType = ElementType.of(parameter.getArray().getDataType(), key);
              if (!modelShape.equals(tensor.djlShape()) || !tensor.type().convertsTo(modelType)) {
                mismatched.add(
                    new KeyMismatch(key, modelShape, modelType, tensor.djlShape(), tensor.type()));
                return;
              }
              loads.put(parameter, tensor);
              loaded.add(key);
            });
    List<String> missing = new ArrayList<>();
    List<String> untouched = new ArrayList<>();
    for (String key : state.keySet()) {
      if (!file.tensors().containsKey(key)) {
        (isBatchesTracked(key) ? untouched : missing).add(key);
      }
    }
    ImportReport report =
        new ImportReport(
            file.strippedPrefix(), loaded, missing, unexpected, mismatched, ignored, untouched);
    return new StateMatch(loads, report);
  }

  /**
   * File keys the model may lack without the file being wrong: BatchNorm's {@code
   * num_batches_tracked} (we keep no counter), and running statistics of a module that is an
   * instance norm here (PyTorch 0.3 saved them for InstanceNorm2d; IN never uses them).
   */
  private static boolean isOptional(String key, Map<String, Block> modules) {
    if (isBatchesTracked(key)) {
      return true;
    }
    int dot = key.lastIndexOf('.');
    String name = key.substring(dot + 1);
    String module = dot < 0 ? "" : key.substring(0, dot);
    return (name.equals("running_mean") || name.equals("running_var"))
        && modules.get(module) instanceof InstanceNorm2d;
  }

  static boolean isBatchesTracked(String key) {
    return key.equals(BATCHES_TRACKED) || key.endsWith("." + BATCHES_TRACKED);
  }
}

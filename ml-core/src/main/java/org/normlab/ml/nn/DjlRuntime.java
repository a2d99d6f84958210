package org.normlab.ml.nn;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Starts DJL's PyTorch engine once per JVM with sensible threading: intra-op threads = available
 * processors (respecting container limits), one inter-op thread (our graphs run op after op, so
 * inter-op parallelism only adds idle threads). Explicit {@code -Dai.djl.pytorch.num_threads} /
 * {@code num_interop_threads} settings win. The properties must be set before the engine starts.
 */
public final class DjlRuntime {

  static final String THREADS = "ai.djl.pytorch.num_threads";
  static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  private static Engine engine;

  private DjlRuntime() {}

  public static synchronized Engine engine() {
    if (engine == null) {
      if (System.getProperty(THREADS) == null) {
        System.setProperty(THREADS, Integer.toString(Runtime.getRuntime().availableProcessors()));
      }
      if (System.getProperty(INTEROP_THREADS) == null) {
        System.setProperty(INTEROP_THREADS, "1");
      }
      engine = Engine.getEngine("PyTorch");
    }
    return engine;
  }

  /** The first GPU when the engine sees one, else the CPU. */
  public static Device defaultDevice() {
    return engine().defaultDevice();
  }

  /** e.g. {@code "cpu() x2 threads"} or {@code "gpu(0)"}, for progress reports and logs. */
  public static String describe(Device device) {
    return device.isGpu()
        ? device.toString()
        : device + " x" + JniUtils.getNumThreads() + " threads";
  }
}

package org.normlab.bench;

import java.util.Map;

/** A named measurement. Figures are flat name → number (or short string) pairs, units in the names. */
public interface Benchmark {

  String name();

  String description();

  /** Runs the measurement; ratios against a baseline measured in the same run belong in the figures. */
  Map<String, Object> run() throws Exception;
}

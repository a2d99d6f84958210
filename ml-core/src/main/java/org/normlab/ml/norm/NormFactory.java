package org.normlab.ml.norm;

import ai.djl.nn.Block;

/**
 * Makes one normalization layer for a given channel count. The channel count is the only argument,
 * so backbones can swap norms without special cases.
 */
@FunctionalInterface
public interface NormFactory {
  Block create(int channels);
}

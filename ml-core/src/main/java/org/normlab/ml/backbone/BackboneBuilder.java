package org.normlab.ml.backbone;

import ai.djl.nn.Block;

/** Builds an uninitialized network: images (N, C, H, W) in, class logits (N, numClasses) out. */
@FunctionalInterface
public interface BackboneBuilder {
  Block build(BackboneConfig config);
}

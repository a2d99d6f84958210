package org.normlab.ml.backbone;

import java.util.Objects;
import org.normlab.ml.norm.NormPolicy;

/**
 * Everything a backbone builder needs besides its name.
 *
 * @param norms which norm goes at each site
 * @param baseWidth channels of the first stage (64 in the papers)
 * @param numClasses outputs of the classifier
 * @param input shape of one input image; small inputs get a small stem
 */
public record BackboneConfig(NormPolicy norms, int baseWidth, int numClasses, ImageShape input) {

  public BackboneConfig {
    Objects.requireNonNull(norms, "norms");
    Objects.requireNonNull(input, "input");
    if (baseWidth < 1) {
      throw new IllegalArgumentException("baseWidth must be >= 1, got " + baseWidth);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
  }

  /** This config with another norm policy. */
  public BackboneConfig withNorms(NormPolicy norms) {
    return new BackboneConfig(norms, baseWidth, numClasses, input);
  }
}

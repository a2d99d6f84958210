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
 * @param dropout probability of dropping a pooled feature before the classifier while training, in
 *     [0, 1) (a recipe setting; see {@link org.normlab.ml.nn.SeededDropout})
 */
public record BackboneConfig(
    NormPolicy norms, int baseWidth, int numClasses, ImageShape input, double dropout) {

  public BackboneConfig {
    Objects.requireNonNull(norms, "norms");
    Objects.requireNonNull(input, "input");
    if (baseWidth < 1) {
      throw new IllegalArgumentException("baseWidth must be >= 1, got " + baseWidth);
    }
    if (numClasses < 1) {
      throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }
  }

  /** A config without dropout. */
  public BackboneConfig(NormPolicy norms, int baseWidth, int numClasses, ImageShape input) {
    this(norms, baseWidth, numClasses, input, 0);
  }

  /** This config with another norm policy. */
  public BackboneConfig withNorms(NormPolicy norms) {
    return new BackboneConfig(norms, baseWidth, numClasses, input, dropout);
  }
}

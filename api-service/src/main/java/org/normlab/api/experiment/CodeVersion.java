package org.normlab.api.experiment;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The version of the training code a submission will run under (a git commit or release), half of
 * a run's identity for deduplication. Set {@code normlab.code-version} (NORMLAB_CODE_VERSION) per
 * deployment; without it the jar's version is used, and "dev" outside a jar.
 */
@Component
public class CodeVersion {

  private final String value;

  CodeVersion(@Value("${normlab.code-version:}") String configured) {
    String fromJar = CodeVersion.class.getPackage().getImplementationVersion();
    this.value = !configured.isBlank() ? configured.strip() : fromJar != null ? fromJar : "dev";
  }

  public String value() {
    return value;
  }
}

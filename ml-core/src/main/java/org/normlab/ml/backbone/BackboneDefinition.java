package org.normlab.ml.backbone;

import java.util.Objects;

/** A registered backbone: its name (timm spelling), what it is, and how to build it. */
public record BackboneDefinition(String name, String description, BackboneBuilder builder) {

  public BackboneDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(builder, "builder");
  }
}

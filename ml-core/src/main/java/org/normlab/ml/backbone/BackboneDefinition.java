package org.normlab.ml.backbone;

import ai.djl.nn.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.normlab.ml.norm.NormPlacement;

/**
 * A registered backbone: its name (timm spelling), what it is, where it puts norms on top of the
 * run's norm spec, other names it answers to, and how to build it.
 *
 * @param placement applied to the config's norm policy by {@link #build}: IBN-a/IBN-b variants are
 *     a placement over the same architecture, so any norm spec works with them
 * @param aliases further names the registry resolves to this definition (official spellings)
 */
public record BackboneDefinition(
    String name,
    String description,
    NormPlacement placement,
    List<String> aliases,
    BackboneBuilder builder) {

  public BackboneDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(placement, "placement");
    aliases = List.copyOf(aliases);
    Objects.requireNonNull(builder, "builder");
  }

  /** A backbone with the spec's norm after every convolution and no aliases. */
  public BackboneDefinition(String name, String description, BackboneBuilder builder) {
    this(name, description, NormPlacement.UNIFORM, List.of(), builder);
  }

  /** This definition, also answering to {@code alias}. */
  public BackboneDefinition withAlias(String alias) {
    List<String> more = new ArrayList<>(aliases);
    more.add(alias);
    return new BackboneDefinition(name, description, placement, more, builder);
  }

  /** Builds the backbone with this definition's placement applied to the config's norms. */
  public Block build(BackboneConfig config) {
    return builder.build(config.withNorms(placement.apply(config.norms())));
  }
}

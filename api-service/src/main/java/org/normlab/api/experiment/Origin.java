package org.normlab.api.experiment;

/** Where an experiment's model comes from. */
public enum Origin {
  /** Trained here from its spec, through the queue and a trainer. */
  TRAINED,
  /** Trained elsewhere and registered with its weight file; only evaluated here. */
  PRETRAINED
}

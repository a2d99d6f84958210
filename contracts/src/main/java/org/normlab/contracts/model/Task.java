package org.normlab.contracts.model;

/** What an experiment trains for. Detection joins when the COCO pipeline lands. */
public enum Task {
  CLASSIFICATION
}

package org.normlab.contracts.model;

/** What an experiment trains for: image classification, or COCO detection with masks (Mask R-CNN). */
public enum Task {
  CLASSIFICATION,
  DETECTION
}

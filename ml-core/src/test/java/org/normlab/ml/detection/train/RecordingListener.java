package org.normlab.ml.detection.train;

import java.util.ArrayList;
import java.util.List;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;
import org.normlab.ml.train.TrainingListener;

/** Records callbacks; asks to stop once {@code stopAfter} progress reports have arrived. */
class RecordingListener implements TrainingListener {

  final List<Progress> progress = new ArrayList<>();
  final List<CheckpointRef> checkpoints = new ArrayList<>();
  long totalIterations = -1;
  int replicas;
  private final long stopAfter;

  RecordingListener() {
    this(Long.MAX_VALUE);
  }

  RecordingListener(long stopAfter) {
    this.stopAfter = stopAfter;
  }

  @Override
  public void onStarted(long totalIterations, String device, int replicas) {
    this.totalIterations = totalIterations;
    this.replicas = replicas;
  }

  @Override
  public void onProgress(Progress p) {
    progress.add(p);
  }

  @Override
  public void onCheckpoint(CheckpointRef checkpoint) {
    checkpoints.add(checkpoint);
  }

  @Override
  public boolean stopRequested() {
    return progress.size() >= stopAfter;
  }

  List<Double> losses() {
    return progress.stream().map(Progress::loss).toList();
  }
}

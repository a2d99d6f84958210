package org.normlab.ml.train;

import java.util.ArrayList;
import java.util.List;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;

/**
 * Records callbacks; asks to stop once {@code stopAfter} progress reports have arrived. Shared by the
 * classification and detection job tests.
 */
public class RecordingListener implements TrainingListener {

  public final List<Progress> progress = new ArrayList<>();
  public final List<CheckpointRef> checkpoints = new ArrayList<>();
  public long totalIterations = -1;
  public String device;
  public int replicas;
  private final long stopAfter;

  public RecordingListener() {
    this(Long.MAX_VALUE);
  }

  public RecordingListener(long stopAfter) {
    this.stopAfter = stopAfter;
  }

  @Override
  public void onStarted(long totalIterations, String device, int replicas) {
    this.totalIterations = totalIterations;
    this.device = device;
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

  public List<Double> losses() {
    return progress.stream().map(Progress::loss).toList();
  }
}

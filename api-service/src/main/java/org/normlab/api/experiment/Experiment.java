package org.normlab.api.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.Progress;

/** An experiment and its single run: the spec, where the run is, and what it has reported so far. */
@Entity
@Table(name = "experiments")
class Experiment {

  @Id private UUID id;
  private String name;
  private String task;
  private String dataset;
  private String backbone;
  private String norm;
  private int baseWidth;
  private int normBatchSize;
  private int batchSize;
  private Integer epochs;
  private Integer iterations;
  private long seed;

  @Column(name = "spec_json")
  private String specJson;

  @Enumerated(EnumType.STRING)
  private RunStatus status;

  private int attempt;
  private String worker;
  private Integer progressEpoch;
  private Long progressIteration;
  private Long totalIterations;
  private Double lastLoss;
  private Double lastLr;
  private Double imagesPerSecond;
  private String checkpointUri;
  private String checkpointSha256;
  private String failure;
  private Instant createdAt;
  private Instant updatedAt;
  private Instant startedAt;
  private Instant finishedAt;

  @Version private long version;

  protected Experiment() {}

  static Experiment queued(UUID id, ExperimentSpec spec, String specJson, Instant now) {
    Experiment e = new Experiment();
    e.id = id;
    e.name = spec.name();
    e.task = spec.task().name().toLowerCase(java.util.Locale.ROOT);
    e.dataset = spec.dataset();
    e.backbone = spec.backbone();
    e.norm = spec.norm();
    e.baseWidth = spec.baseWidth();
    e.normBatchSize = spec.normBatchSize();
    e.batchSize = spec.batchSize();
    e.epochs = spec.epochs();
    e.iterations = spec.iterations();
    e.seed = spec.seed();
    e.specJson = specJson;
    e.status = RunStatus.QUEUED;
    e.attempt = 1;
    e.createdAt = now;
    e.updatedAt = now;
    return e;
  }

  void markStarted(int attempt, String worker, Instant at) {
    if (status.isFinal()) {
      return;
    }
    this.status = RunStatus.RUNNING;
    this.attempt = Math.max(this.attempt, attempt);
    this.worker = worker;
    if (startedAt == null) {
      startedAt = at;
    }
    updatedAt = at;
  }

  void recordProgress(Progress p, Instant at) {
    progressEpoch = p.epoch();
    progressIteration = p.iteration();
    totalIterations = p.totalIterations();
    lastLoss = p.loss();
    lastLr = p.lr();
    imagesPerSecond = p.imagesPerSecond();
    updatedAt = at;
  }

  void recordCheckpoint(CheckpointRef checkpoint, Instant at) {
    checkpointUri = checkpoint.uri();
    checkpointSha256 = checkpoint.sha256();
    updatedAt = at;
  }

  void markTrained(Instant at) {
    if (!status.isFinal()) {
      status = RunStatus.EVALUATING;
    }
    updatedAt = at;
  }

  void markSucceeded(Instant at) {
    status = RunStatus.SUCCEEDED;
    finishedAt = at;
    updatedAt = at;
  }

  void markFailed(String reason, Instant at) {
    status = RunStatus.FAILED;
    failure = reason;
    finishedAt = at;
    updatedAt = at;
  }

  UUID getId() {
    return id;
  }

  String getName() {
    return name;
  }

  String getTask() {
    return task;
  }

  String getDataset() {
    return dataset;
  }

  String getBackbone() {
    return backbone;
  }

  String getNorm() {
    return norm;
  }

  int getBaseWidth() {
    return baseWidth;
  }

  int getNormBatchSize() {
    return normBatchSize;
  }

  int getBatchSize() {
    return batchSize;
  }

  Integer getEpochs() {
    return epochs;
  }

  Integer getIterations() {
    return iterations;
  }

  long getSeed() {
    return seed;
  }

  String getSpecJson() {
    return specJson;
  }

  RunStatus getStatus() {
    return status;
  }

  int getAttempt() {
    return attempt;
  }

  String getWorker() {
    return worker;
  }

  Integer getProgressEpoch() {
    return progressEpoch;
  }

  Long getProgressIteration() {
    return progressIteration;
  }

  Long getTotalIterations() {
    return totalIterations;
  }

  Double getLastLoss() {
    return lastLoss;
  }

  Double getLastLr() {
    return lastLr;
  }

  Double getImagesPerSecond() {
    return imagesPerSecond;
  }

  String getCheckpointUri() {
    return checkpointUri;
  }

  String getCheckpointSha256() {
    return checkpointSha256;
  }

  String getFailure() {
    return failure;
  }

  Instant getCreatedAt() {
    return createdAt;
  }

  Instant getUpdatedAt() {
    return updatedAt;
  }

  Instant getStartedAt() {
    return startedAt;
  }

  Instant getFinishedAt() {
    return finishedAt;
  }
}

package org.normlab.api.experiment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
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
  private String recipe;

  /** The spec's replica count; null leaves it to the worker (one per device). */
  private Integer replicas;

  /** Replicas the current attempt trains on, as its worker reported in STARTED. */
  private Integer trainedReplicas;

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
  private int priority;
  private String owner;
  private int maxRestarts;
  private int restarts;
  private String assignedWorker;
  private Instant dispatchedAt;
  private Instant leaseExpiresAt;
  private Integer checkpointEpoch;
  private Long checkpointIteration;
  private Long checkpointSizeBytes;

  @Enumerated(EnumType.STRING)
  private Origin origin;

  private String source;

  @JdbcTypeCode(SqlTypes.ARRAY)
  @Column(columnDefinition = "text[]")
  private String[] tags;

  private String configHash;
  private String codeVersion;

  /**
   * A wrapper, not a primitive: null marks a new entity, so Spring Data persists it with one INSERT
   * instead of merging it (a SELECT by id first), since the id is assigned before saving.
   */
  @Version private Long version;

  protected Experiment() {}

  static Experiment queued(UUID id, ExperimentSpec spec, String specJson, Scheduling scheduling, String codeVersion,
      Instant now) {
    Experiment e = describe(id, spec, specJson, scheduling, now);
    e.codeVersion = codeVersion;
    e.origin = Origin.TRAINED;
    e.status = RunStatus.QUEUED;
    return e;
  }

  /**
   * A model trained elsewhere: finished on arrival (the scheduler only dispatches QUEUED runs), its
   * weight file recorded as the run's checkpoint for the evaluation to score.
   */
  static Experiment pretrained(UUID id, ExperimentSpec spec, String specJson, CheckpointRef weights, String source,
      Instant now) {
    Experiment e = describe(id, spec, specJson, new Scheduling(Priority.NORMAL, Scheduling.DEFAULT_OWNER, 0), now);
    e.origin = Origin.PRETRAINED;
    e.source = source;
    e.status = RunStatus.SUCCEEDED;
    e.finishedAt = now;
    e.recordCheckpoint(weights, now);
    return e;
  }

  private static Experiment describe(UUID id, ExperimentSpec spec, String specJson, Scheduling scheduling,
      Instant now) {
    Experiment e = new Experiment();
    e.priority = scheduling.priority().weight();
    e.owner = scheduling.owner();
    e.maxRestarts = scheduling.maxRestarts();
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
    e.recipe = spec.training().name();
    e.replicas = spec.replicas();
    e.specJson = specJson;
    e.tags = spec.tags().toArray(String[]::new);
    e.configHash = ConfigHash.of(spec);
    e.attempt = 1;
    e.createdAt = now;
    e.updatedAt = now;
    return e;
  }

  /**
   * Every persistent field by column name, for {@link ExperimentInserts}: a field added to the entity
   * must be added here too (ExperimentInsertsIT compares the two ways of writing a row column by column).
   */
  Map<String, Object> columnValues() {
    Map<String, Object> columns = new LinkedHashMap<>();
    columns.put("id", id);
    columns.put("name", name);
    columns.put("task", task);
    columns.put("dataset", dataset);
    columns.put("backbone", backbone);
    columns.put("norm", norm);
    columns.put("base_width", baseWidth);
    columns.put("norm_batch_size", normBatchSize);
    columns.put("batch_size", batchSize);
    columns.put("epochs", epochs);
    columns.put("iterations", iterations);
    columns.put("seed", seed);
    columns.put("recipe", recipe);
    columns.put("replicas", replicas);
    columns.put("trained_replicas", trainedReplicas);
    columns.put("spec_json", specJson);
    columns.put("status", status.name());
    columns.put("attempt", attempt);
    columns.put("worker", worker);
    columns.put("progress_epoch", progressEpoch);
    columns.put("progress_iteration", progressIteration);
    columns.put("total_iterations", totalIterations);
    columns.put("last_loss", lastLoss);
    columns.put("last_lr", lastLr);
    columns.put("images_per_second", imagesPerSecond);
    columns.put("checkpoint_uri", checkpointUri);
    columns.put("checkpoint_sha256", checkpointSha256);
    columns.put("failure", failure);
    columns.put("created_at", timestamp(createdAt));
    columns.put("updated_at", timestamp(updatedAt));
    columns.put("started_at", timestamp(startedAt));
    columns.put("finished_at", timestamp(finishedAt));
    columns.put("priority", priority);
    columns.put("owner", owner);
    columns.put("max_restarts", maxRestarts);
    columns.put("restarts", restarts);
    columns.put("assigned_worker", assignedWorker);
    columns.put("dispatched_at", timestamp(dispatchedAt));
    columns.put("lease_expires_at", timestamp(leaseExpiresAt));
    columns.put("checkpoint_epoch", checkpointEpoch);
    columns.put("checkpoint_iteration", checkpointIteration);
    columns.put("checkpoint_size_bytes", checkpointSizeBytes);
    columns.put("origin", origin.name());
    columns.put("source", source);
    columns.put("tags", tags);
    columns.put("config_hash", configHash);
    columns.put("code_version", codeVersion);
    columns.put("version", version == null ? 0L : version);
    return columns;
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  /** Hands the current attempt to a worker; the lease must be renewed by its heartbeats. */
  void dispatchTo(String workerId, Instant now, Instant leaseUntil) {
    status = RunStatus.DISPATCHED;
    assignedWorker = workerId;
    dispatchedAt = now;
    leaseExpiresAt = leaseUntil;
    updatedAt = now;
  }

  void markStarted(String worker, Instant at) {
    if (status == RunStatus.DISPATCHED) {
      status = RunStatus.RUNNING;
    }
    this.worker = worker;
    if (startedAt == null) {
      startedAt = at;
    }
    updatedAt = at;
  }

  /** What the worker of the current attempt reported it trains on; absent from older workers. */
  void recordReplicas(Integer reported) {
    if (reported != null) {
      trainedReplicas = reported;
    }
  }

  void renewLease(Instant until) {
    leaseExpiresAt = until;
  }

  /** What happened when the lease ran out. */
  enum LeaseOutcome { REQUEUED, PAUSED, FAILED }

  /**
   * The worker of the current attempt went silent. A pausing run is paused at its last checkpoint;
   * otherwise the run goes back to the queue as the next attempt, unless it has used up its
   * restarts.
   */
  LeaseOutcome expireLease(Instant now) {
    String lost = assignedWorker;
    assignedWorker = null;
    leaseExpiresAt = null;
    updatedAt = now;
    if (status == RunStatus.PAUSING) {
      status = RunStatus.PAUSED;
      return LeaseOutcome.PAUSED;
    }
    restarts++;
    if (restarts > maxRestarts) {
      markFailed("worker " + lost + " stopped reporting; the run was restarted " + maxRestarts
          + " time(s) already (maxRestarts " + maxRestarts + ")", now);
      return LeaseOutcome.FAILED;
    }
    status = RunStatus.QUEUED;
    attempt++;
    return LeaseOutcome.REQUEUED;
  }

  void requestPause(Instant now) {
    status = status == RunStatus.QUEUED ? RunStatus.PAUSED : RunStatus.PAUSING;
    updatedAt = now;
  }

  void markPaused(CheckpointRef checkpoint, Instant now) {
    if (checkpoint != null) {
      recordCheckpoint(checkpoint, now);
    }
    status = RunStatus.PAUSED;
    assignedWorker = null;
    leaseExpiresAt = null;
    updatedAt = now;
  }

  /** A paused run continues as a new attempt from its last checkpoint. */
  void reprioritize(Priority newPriority, Instant now) {
    priority = newPriority.weight();
    updatedAt = now;
  }

  void resume(Instant now) {
    status = RunStatus.QUEUED;
    attempt++;
    updatedAt = now;
  }

  void markCancelled(String reason, Instant now) {
    status = RunStatus.CANCELLED;
    failure = reason;
    assignedWorker = null;
    leaseExpiresAt = null;
    finishedAt = now;
    updatedAt = now;
  }

  /** The checkpoint the next attempt resumes from, or null when the run has none yet. */
  CheckpointRef lastCheckpoint() {
    if (checkpointUri == null) {
      return null;
    }
    return new CheckpointRef(checkpointUri, checkpointSha256, checkpointEpoch == null ? 0 : checkpointEpoch,
        checkpointIteration == null ? 0 : checkpointIteration, checkpointSizeBytes == null ? 0 : checkpointSizeBytes);
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
    checkpointEpoch = checkpoint.epoch();
    checkpointIteration = checkpoint.iteration();
    checkpointSizeBytes = checkpoint.sizeBytes();
    updatedAt = at;
  }

  void markTrained(Instant at) {
    if (!status.isFinal()) {
      status = RunStatus.EVALUATING;
    }
    assignedWorker = null;
    leaseExpiresAt = null;
    updatedAt = at;
  }

  void markSucceeded(Instant at) {
    status = RunStatus.SUCCEEDED;
    finishedAt = at;
    updatedAt = at;
  }

  void markFailed(String reason, Instant at) {
    assignedWorker = null;
    leaseExpiresAt = null;
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

  Integer getReplicas() {
    return replicas;
  }

  Integer getTrainedReplicas() {
    return trainedReplicas;
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

  int getPriority() {
    return priority;
  }

  String getOwner() {
    return owner;
  }

  int getMaxRestarts() {
    return maxRestarts;
  }

  int getRestarts() {
    return restarts;
  }

  String getAssignedWorker() {
    return assignedWorker;
  }

  Instant getLeaseExpiresAt() {
    return leaseExpiresAt;
  }

  Origin getOrigin() {
    return origin;
  }

  String getSource() {
    return source;
  }

  String getConfigHash() {
    return configHash;
  }

  String getCodeVersion() {
    return codeVersion;
  }
}

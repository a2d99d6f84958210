package org.normlab.api.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.model.NormSpec;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.run.WarmStart;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Plans a retrain (the MXNet seed's {@code --retrain --model-load-epoch E}, but as a new run): the
 * source run's spec with the request's overrides, validated like a submission, starting from the
 * source's last checkpoint of epoch E with the momentum kept or reset. The model fields cannot
 * change, since the checkpoint's weights must fit.
 */
@Component
class Retraining {

  static final int MAX_NAME_LENGTH = SpecValidator.MAX_NAME_LENGTH;

  private final JdbcClient jdbc;
  private final SpecValidator validator;

  Retraining(JdbcClient jdbc, SpecValidator validator) {
    this.jdbc = jdbc;
    this.validator = validator;
  }

  SpecValidator.Submission plan(UUID sourceId, ExperimentSpec source, RetrainRequest request, String defaultOwner) {
    CreateExperimentRequest overrides = request.spec() == null ? SpecRequests.empty() : request.spec();
    List<FieldViolation> errors = new ArrayList<>();
    sameAsSource(errors, "spec.task", overrides.task(), source.task().name().toLowerCase(java.util.Locale.ROOT));
    sameAsSource(errors, "spec.dataset", overrides.dataset(), source.dataset());
    sameAsSource(errors, "spec.backbone", overrides.backbone(), source.backbone());
    sameAsSource(errors, "spec.norm", canonicalNorm(overrides.norm()), source.norm());
    sameAsSource(errors, "spec.baseWidth", overrides.baseWidth(), source.baseWidth());
    if (overrides.recipe() != null) {
      errors.add(FieldViolation.of("spec.recipe",
          "a retrained run keeps its source's recipe settings; override their fields instead", overrides.recipe()));
    }
    TreeMap<Integer, CheckpointRef> byEpoch = epochCheckpoints(sourceId);
    CheckpointRef from = request.fromEpoch() == null ? null : byEpoch.get(request.fromEpoch());
    if (from == null) {
      errors.add(FieldViolation.oneOf("fromEpoch", request.fromEpoch(),
          byEpoch.keySet().stream().map(String::valueOf).toList()));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    CreateExperimentRequest base = SpecRequests.of(source);
    String name = overrides.name() != null ? overrides.name()
        : truncate(source.name() + " / retrain from epoch " + request.fromEpoch());
    CreateExperimentRequest merged = SpecRequests.named(overrides, name, base.recipe()).over(base);
    SpecValidator.Submission submission = validator.validate(merged, defaultOwner);
    WarmStart warmStart = new WarmStart(sourceId, from, Boolean.TRUE.equals(request.keepOptimizerState()));
    return new SpecValidator.Submission(submission.spec().withInitializeFrom(warmStart), submission.scheduling());
  }

  /**
   * The source's checkpoints by epoch, each the last one reported in that epoch (the epoch's end
   * when the run got there), from its CHECKPOINTED, PAUSED and COMPLETED events. A checkpoint that
   * retention has since deleted is still listed; the trainer then fails the new run saying so.
   */
  private TreeMap<Integer, CheckpointRef> epochCheckpoints(UUID sourceId) {
    TreeMap<Integer, CheckpointRef> byEpoch = new TreeMap<>();
    List<String> payloads = jdbc.sql("SELECT payload FROM run_events WHERE run_id = ?"
            + " AND type IN ('CHECKPOINTED', 'PAUSED', 'COMPLETED')")
        .param(sourceId).query(String.class).list();
    for (String payload : payloads) {
      CheckpointRef ref = ContractCodec.mapper().readValue(payload, RunEvent.class).checkpoint();
      byEpoch.merge(ref.epoch(), ref, (a, b) -> a.iteration() >= b.iteration() ? a : b);
    }
    return byEpoch;
  }

  private static void sameAsSource(List<FieldViolation> errors, String field, Object override, Object source) {
    if (override != null && !Objects.equals(override, source)) {
      errors.add(new FieldViolation(field, "must be the source run's, whose weights the new run loads", override,
          List.of(String.valueOf(source))));
    }
  }

  /** {@code BN} and {@code bn} are the same norm; an unparsable one is left for the validator. */
  private static String canonicalNorm(String norm) {
    try {
      return norm == null ? null : NormSpec.parse(norm).canonical();
    } catch (IllegalArgumentException e) {
      return norm;
    }
  }

  private static String truncate(String name) {
    return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH);
  }
}

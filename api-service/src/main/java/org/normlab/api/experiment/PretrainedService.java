package org.normlab.api.experiment;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.normlab.contracts.codec.ContractCodec;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers models trained elsewhere. The entry is finished on arrival and never queued; its
 * evaluation is requested in the same transaction, through the same path as a completed run's
 * ({@link RunTrained}, whose listener writes the evaluation row and the outbox message).
 */
@Service
public class PretrainedService {

  private final ExperimentRepository experiments;
  private final PretrainedValidator validator;
  private final ApplicationEventPublisher events;
  private final ExperimentInserts inserts;

  PretrainedService(ExperimentRepository experiments, PretrainedValidator validator, ApplicationEventPublisher events,
      ExperimentInserts inserts) {
    this.experiments = experiments;
    this.validator = validator;
    this.events = events;
    this.inserts = inserts;
  }

  @Transactional
  public ExperimentService.SubmissionResult register(RegisterPretrainedRequest request, String idempotencyKey) {
    PretrainedValidator.Registration registration = validator.validate(request);
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    String specJson = ContractCodec.mapper().writeValueAsString(registration.spec());
    Experiment experiment = Experiment.pretrained(
        id, registration.spec(), specJson, registration.weights(), registration.source(), now);
    // Prefixed so that the hash can never equal a submission's under the same key.
    String requestHash = idempotencyKey == null
        ? null : IdempotencyKeys.sha256("pretrained " + ContractCodec.mapper().writeValueAsString(request));
    Optional<UUID> earlier = inserts.insertOnce(experiment, idempotencyKey, requestHash);
    if (earlier.isPresent()) {
      Experiment existing = experiments.findById(earlier.get()).orElseThrow();
      return new ExperimentService.SubmissionResult(ExperimentService.toView(existing), true, false);
    }
    events.publishEvent(new RunTrained(id, registration.spec(), registration.weights()));
    return new ExperimentService.SubmissionResult(ExperimentService.toView(experiment), false, false);
  }
}

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
  private final IdempotencyKeys idempotencyKeys;
  private final ApplicationEventPublisher events;

  PretrainedService(ExperimentRepository experiments, PretrainedValidator validator, IdempotencyKeys idempotencyKeys,
      ApplicationEventPublisher events) {
    this.experiments = experiments;
    this.validator = validator;
    this.idempotencyKeys = idempotencyKeys;
    this.events = events;
  }

  @Transactional
  public ExperimentService.SubmissionResult register(RegisterPretrainedRequest request, String idempotencyKey) {
    PretrainedValidator.Registration registration = validator.validate(request);
    String requestHash = null;
    if (idempotencyKey != null) {
      // Prefixed so that the hash can never equal a submission's under the same key.
      requestHash = IdempotencyKeys.sha256("pretrained " + ContractCodec.mapper().writeValueAsString(request));
      Optional<UUID> earlier = idempotencyKeys.claim(idempotencyKey, requestHash);
      if (earlier.isPresent()) {
        Experiment existing = experiments.findById(earlier.get()).orElseThrow();
        return new ExperimentService.SubmissionResult(ExperimentService.toView(existing), true, false);
      }
    }
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    String specJson = ContractCodec.mapper().writeValueAsString(registration.spec());
    Experiment experiment = experiments.saveAndFlush(Experiment.pretrained(
        id, registration.spec(), specJson, registration.weights(), registration.source(), now));
    if (idempotencyKey != null) {
      idempotencyKeys.remember(idempotencyKey, requestHash, id, now);
    }
    events.publishEvent(new RunTrained(id, registration.spec(), registration.weights()));
    return new ExperimentService.SubmissionResult(ExperimentService.toView(experiment), false, false);
  }
}

package org.normlab.api.experiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.springframework.stereotype.Component;

/**
 * Checks a pretrained registration: the model fields exactly as a submission's ({@link
 * SpecValidator#model}), then the weight file's store URI, digest and size, and the source.
 */
@Component
class PretrainedValidator {

  static final String STORE_DIRECTORY = "pretrained/";
  /** The extensions ml-core's {@code WeightFormat} reads (this service does not depend on ml-core). */
  static final List<String> EXTENSIONS = List.of(".npz", ".safetensors");
  static final int MAX_URI_LENGTH = 1000;
  static final int MAX_SOURCE_LENGTH = 1000;
  /**
   * The spec's batchSize (and normBatchSize): only the evaluation's batch here, 64 images. Norms
   * are per-sample at inference, so it does not change the scores.
   */
  static final int EVAL_BATCH = 64;

  private final SpecValidator specs;

  PretrainedValidator(SpecValidator specs) {
    this.specs = specs;
  }

  /** A registration that passed validation. */
  record Registration(ExperimentSpec spec, CheckpointRef weights, String source) {}

  Registration validate(RegisterPretrainedRequest r) {
    List<FieldViolation> errors = new ArrayList<>();
    SpecValidator.Model model = specs.model(errors, r.name(), r.dataset(), r.backbone(), r.norm(), r.baseWidth());
    var weights = r.weights();
    if (weights == null) {
      errors.add(FieldViolation.of("weights", "is required: {uri, sha256, sizeBytes}", null));
    } else {
      uri(errors, weights.uri());
      if (weights.sha256() == null || !weights.sha256().matches("[0-9a-fA-F]{64}")) {
        errors.add(FieldViolation.of("weights.sha256", "must be 64 hexadecimal digits (SHA-256)", weights.sha256()));
      }
      if (weights.sizeBytes() == null || weights.sizeBytes() < 1) {
        errors.add(FieldViolation.of("weights.sizeBytes", "must be > 0", weights.sizeBytes()));
      }
    }
    String source = r.source();
    if (source == null || source.isBlank()) {
      errors.add(FieldViolation.of("source", "is required: where the weights came from (a paper, a URL)", source));
    } else if (source.length() > MAX_SOURCE_LENGTH || source.chars().anyMatch(Character::isISOControl)) {
      errors.add(FieldViolation.of("source",
          "must be at most " + MAX_SOURCE_LENGTH + " characters without control characters", source));
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
    // Training fields are neutral placeholders the contract requires: nothing is trained.
    var spec = new ExperimentSpec(model.name(), Task.CLASSIFICATION, r.dataset(), r.backbone(), model.norm(),
        model.baseWidth(), EVAL_BATCH, EVAL_BATCH, null, 1, SpecValidator.defaultOptimizer(), 0L, null);
    var ref = new CheckpointRef(weights.uri(), weights.sha256().toLowerCase(Locale.ROOT), 0, 0, weights.sizeBytes());
    return new Registration(spec, ref, source.strip());
  }

  /**
   * A plain relative path under {@code pretrained/} in the checkpoint store, with a weight-file
   * extension. The store itself refuses paths leaving its root; checking here answers 400 at once
   * instead of a failed evaluation later.
   */
  private static void uri(List<FieldViolation> errors, String uri) {
    String field = "weights.uri";
    if (uri == null || uri.isBlank()) {
      errors.add(FieldViolation.of(field, "is required", uri));
    } else if (uri.startsWith("/") || uri.indexOf('\\') >= 0 || uri.indexOf(':') >= 0 || uri.length() > MAX_URI_LENGTH
        || uri.chars().anyMatch(Character::isISOControl)) {
      errors.add(FieldViolation.of(field, "must be a relative path in the checkpoint store with '/' separators: no"
          + " leading '/', backslash, ':' or control characters, at most " + MAX_URI_LENGTH + " characters", uri));
    } else if (!uri.startsWith(STORE_DIRECTORY)) {
      errors.add(FieldViolation.of(field, "must be under '" + STORE_DIRECTORY + "' in the checkpoint store", uri));
    } else if (Arrays.stream(uri.split("/", -1)).anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
      errors.add(FieldViolation.of(field, "must not contain empty, '.' or '..' segments", uri));
    } else if (EXTENSIONS.stream().noneMatch(uri.toLowerCase(Locale.ROOT)::endsWith)) {
      errors.add(new FieldViolation(field, "must name a weight file by its extension", uri, EXTENSIONS));
    }
  }
}

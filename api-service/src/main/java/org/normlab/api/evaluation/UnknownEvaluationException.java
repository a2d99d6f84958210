package org.normlab.api.evaluation;

import org.normlab.contracts.eval.EvaluationCompleted;

/** A result for an evaluation this service never requested: not retryable. */
public class UnknownEvaluationException extends RuntimeException {
  UnknownEvaluationException(EvaluationCompleted result) {
    super("No evaluation " + result.evaluationId() + " of run " + result.runId());
  }
}

package org.normlab.contracts;

/** Kafka topic names: {@code normlab.<entity>.<event>.v<major>}. Each carries one record type. */
public final class Topics {
  /** {@link org.normlab.contracts.run.RunDispatch}, key = run id. */
  public static final String RUN_DISPATCH = "normlab.runs.dispatch.v1";
  /** {@link org.normlab.contracts.run.RunEvent}, key = run id. */
  public static final String RUN_EVENTS = "normlab.runs.events.v1";
  /** {@link org.normlab.contracts.eval.EvaluationRequested}, key = run id. */
  public static final String EVAL_REQUESTS = "normlab.eval.requests.v1";
  /** {@link org.normlab.contracts.eval.EvaluationCompleted}, key = run id. */
  public static final String EVAL_RESULTS = "normlab.eval.results.v1";

  /** {@link org.normlab.contracts.run.RunControl}, key = run id; read by every trainer. */
  public static final String RUN_CONTROL = "normlab.runs.control.v1";
  /** {@link org.normlab.contracts.worker.WorkerHeartbeat}, key = worker id. */
  public static final String WORKER_HEARTBEATS = "normlab.workers.heartbeats.v1";

  /** Suffix of the dead-letter topic that poison messages of a topic go to. */
  public static final String DEAD_LETTER_SUFFIX = ".DLT";

  private Topics() {}

  public static String deadLetter(String topic) {
    return topic + DEAD_LETTER_SUFFIX;
  }
}

package org.normlab.eval.system;

/** How this worker names itself in the results it publishes. */
public record WorkerIdentity(String id) {}

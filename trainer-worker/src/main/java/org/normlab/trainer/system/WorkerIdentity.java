package org.normlab.trainer.system;

/** How this worker names itself in the events it publishes. */
public record WorkerIdentity(String id) {}

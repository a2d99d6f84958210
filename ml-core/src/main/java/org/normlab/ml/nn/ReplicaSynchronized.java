package org.normlab.ml.nn;

/**
 * A layer whose training forward and backward exchange values with the same layer of the other
 * replicas (SyncBN). {@code Network} binds every such layer of a replica to that replica's link.
 */
public interface ReplicaSynchronized {

  void bind(ReplicaLink link);
}

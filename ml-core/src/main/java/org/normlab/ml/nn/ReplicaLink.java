package org.normlab.ml.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * One replica's membership in a {@link ReplicaGroup}, and the cut points its synchronized layers
 * left in the current training forward (see {@link CutPoint}). A network that trains alone holds
 * a link to a group of one, where every all-reduce returns its input.
 */
public final class ReplicaLink {

  private final ReplicaGroup group;
  private final int rank;
  private final List<CutPoint> cuts = new ArrayList<>();

  public ReplicaLink(ReplicaGroup group, int rank) {
    if (rank < 0 || rank >= group.size()) {
      throw new IllegalArgumentException("rank " + rank + " outside a group of " + group.size());
    }
    this.group = group;
    this.rank = rank;
  }

  /** A link for a network that trains on its own. */
  public static ReplicaLink solo() {
    return new ReplicaLink(new ReplicaGroup(1), 0);
  }

  public int rank() {
    return rank;
  }

  public int replicas() {
    return group.size();
  }

  /** {@link ReplicaGroup#allReduceSum} for this replica. */
  public double[] allReduceSum(double[] local) {
    return group.allReduceSum(rank, local);
  }

  /** Called by a layer during a training forward, in execution order. */
  public void cut(CutPoint point) {
    cuts.add(point);
  }

  /** Forgets the cut points of an earlier forward (a new training forward starts). */
  public void clearCuts() {
    cuts.clear();
  }

  /** Whether the current forward left cut points, which {@link #backwardCuts} must run. */
  boolean hasCuts() {
    return !cuts.isEmpty();
  }

  /**
   * Runs the cut points' backward in reverse execution order: each cut's output gradient is
   * complete once everything computed after it has been back-propagated.
   */
  void backwardCuts() {
    try {
      for (int i = cuts.size() - 1; i >= 0; i--) {
        cuts.get(i).backward();
      }
    } finally {
      cuts.clear();
    }
  }

  /**
   * A place where a layer cut the autograd graph in its forward: the layer handed the layers above
   * a detached leaf, so backward stops there, and {@link #backward} later carries the leaf's
   * gradient (complete by then) into the layer's input and parameters, after exchanging what it
   * needs with the other replicas. DJL has no custom-autograd hook; this is how a backward pass
   * can contain an all-reduce.
   */
  @FunctionalInterface
  public interface CutPoint {
    void backward();
  }
}

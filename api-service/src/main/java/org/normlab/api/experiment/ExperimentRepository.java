package org.normlab.api.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/**
 * The experiments table through JPA. The scheduler's queries run four times a second whatever the
 * load, so their status conditions are literals: a bound status list would let PostgreSQL plan the
 * server-prepared statement generically, without the partial indexes (V2), and scan the whole table.
 */
interface ExperimentRepository extends JpaRepository<Experiment, UUID>, JpaSpecificationExecutor<Experiment> {

  /** Runs a worker holds: the predicate of {@code experiments_leases_idx}. */
  String ON_WORKER = "e.status in (org.normlab.api.experiment.RunStatus.DISPATCHED,"
      + " org.normlab.api.experiment.RunStatus.RUNNING, org.normlab.api.experiment.RunStatus.PAUSING)";

  /**
   * Queued runs, highest priority first, then oldest first: a walk along {@code experiments_queue_idx}
   * that stops at the limit. (The order within a priority is {@link QueueOrder}'s to refine.)
   */
  @Query("select e from Experiment e where e.status = org.normlab.api.experiment.RunStatus.QUEUED"
      + " order by e.priority desc, e.createdAt, e.id")
  List<Experiment> findQueuedByPriority(Limit limit);

  @Query("select e from Experiment e where " + ON_WORKER + " and e.leaseExpiresAt < :cutoff")
  List<Experiment> findOnWorkerWithLeaseExpiredBefore(Instant cutoff);

  @Query("select e.owner, count(e) from Experiment e where " + ON_WORKER + " group by e.owner")
  List<Object[]> countOnWorkerByOwner();

  @Query("select e.assignedWorker, count(e) from Experiment e where " + ON_WORKER
      + " and e.assignedWorker is not null group by e.assignedWorker")
  List<Object[]> countOnWorkerByWorker();
}

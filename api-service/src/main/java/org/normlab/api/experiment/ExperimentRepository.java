package org.normlab.api.experiment;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

interface ExperimentRepository extends JpaRepository<Experiment, UUID>, JpaSpecificationExecutor<Experiment> {

  List<Experiment> findByStatusOrderByCreatedAtAsc(RunStatus status, Limit limit);

  List<Experiment> findByStatusInAndLeaseExpiresAtBefore(Collection<RunStatus> statuses, Instant now);

  @Query("select e.owner, count(e) from Experiment e where e.status in :statuses group by e.owner")
  List<Object[]> countByOwnerIn(Collection<RunStatus> statuses);

  @Query("select e.assignedWorker, count(e) from Experiment e where e.status in :statuses"
      + " and e.assignedWorker is not null group by e.assignedWorker")
  List<Object[]> countByWorkerIn(Collection<RunStatus> statuses);
}

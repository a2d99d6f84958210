package org.normlab.api.experiment;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface ExperimentRepository extends JpaRepository<Experiment, UUID>, JpaSpecificationExecutor<Experiment> {}

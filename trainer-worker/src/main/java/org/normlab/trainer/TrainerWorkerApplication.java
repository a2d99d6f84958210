package org.normlab.trainer;

import java.lang.management.ManagementFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Takes runs from Kafka, trains them with ml-core, reports progress and checkpoints as events. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class TrainerWorkerApplication {

  public static void main(String[] args) {
    // The worker id names this worker's consumer groups and its events: fix it before Spring
    // resolves any placeholder, unless the operator chose one.
    if (System.getProperty("normlab.worker-id") == null && System.getenv("NORMLAB_WORKER_ID") == null
        && java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("--normlab.worker-id="))) {
      System.setProperty("normlab.worker-id", "trainer-" + ManagementFactory.getRuntimeMXBean().getName());
    }
    SpringApplication.run(TrainerWorkerApplication.class, args);
  }
}

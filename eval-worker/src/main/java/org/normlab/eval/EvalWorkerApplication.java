package org.normlab.eval;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Scores checkpoints on request and publishes the results. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EvalWorkerApplication {
  public static void main(String[] args) {
    SpringApplication.run(EvalWorkerApplication.class, args);
  }
}

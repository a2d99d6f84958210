package org.normlab.api;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The scheduler of record: accepts specs, stores them, dispatches runs, ingests what workers report. */
@SpringBootApplication
@EnableScheduling
@ConfigurationPropertiesScan
public class ApiServiceApplication {
  public static void main(String[] args) {
    SpringApplication.run(ApiServiceApplication.class, args);
  }
}

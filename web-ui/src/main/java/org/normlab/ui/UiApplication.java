package org.normlab.ui;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Serves the dashboard's static pages and proxies their API reads to the api-service. */
@SpringBootApplication
public class UiApplication {
  public static void main(String[] args) {
    SpringApplication.run(UiApplication.class, args);
  }
}

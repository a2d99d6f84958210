package org.normlab.local;

import java.io.PrintStream;

/** What the launcher tells the person running it. */
public final class Console {

  private final PrintStream out;

  public Console(PrintStream out) {
    this.out = out;
  }

  void step(String message) {
    out.println("==> " + message);
  }

  void line(String message) {
    out.println("    " + message);
  }

  /** Rewrites the current line: a live progress display without scrolling. */
  void status(String message) {
    out.print("\r    " + message + "    ");
    out.flush();
  }

  void endStatus() {
    out.println();
  }

  void urls(StackConfig config, String kafkaBootstrap, String adminToken) {
    step("NormLab is running");
    line("Dashboard:    " + config.uiUrl() + "/");
    line("API:          " + config.apiUrl() + "/api/v1/experiments");
    line("Leaderboard:  " + config.apiUrl() + "/api/v1/leaderboards/fashion-mnist");
    line("PostgreSQL:   jdbc:postgresql://127.0.0.1:" + config.postgresPort() + "/postgres (postgres/postgres)");
    line("Kafka:        " + kafkaBootstrap);
    line("Logs:         " + config.workDir().resolve("logs"));
    line("Admin token:  " + adminToken + "  (" + config.workDir().resolve(AdminToken.FILE) + ")");
    line("Metrics:      " + config.apiUrl() + "/actuator/prometheus");
  }
}

package org.normlab.api.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.DashboardQueries;

/** Metrics, probes and the Grafana dashboard against the running API service. */
class ObservabilityIT extends ApiIntegrationTest {

  /** Series the workers expose, not the API: checked against them in PlatformEndToEndIT. */
  private static final Pattern WORKER_METRICS = Pattern.compile("normlab_(training|gpu|eval)_.*");

  @Test
  void prometheusScrapeNeedsNoTokenAndCarriesTheSchedulerMetrics() {
    String scrape = scrape();

    assertThat(scrape).contains("normlab_runs{", "state=\"QUEUED\"", "state=\"RUNNING\"", "normlab_queue_depth",
        "normlab_outbox_pending", "normlab_scheduler_lease_expiries_total",
        "normlab_kafka_dead_letters_total{", "topic=\"normlab.runs.events.v1\"",
        "normlab_auth_refusals_total{", "service=\"api-service\"");
  }

  @Test
  void everyMetricTheDashboardQueriesForTheApiIsExposed() {
    get("/api/v1/experiments"); // so that request metrics exist
    post("/api/v1/experiments", "{}");
    Set<String> exposed = exposedNames(scrape());

    Set<String> missing = new TreeSet<>();
    for (String name : DashboardQueries.metricNames()) {
      if (!WORKER_METRICS.matcher(name).matches() && !exposed.contains(name)) {
        missing.add(name);
      }
    }
    assertThat(missing).as("dashboard metrics the API does not expose").isEmpty();
    assertThat(DashboardQueries.metricNames()).contains("normlab_runs", "normlab_queue_depth",
        "normlab_scheduler_lease_expiries_total", "normlab_kafka_dead_letters_total");
  }

  @Test
  void readinessIncludesTheDatabaseAndKafkaAndLivenessIsUp() {
    Response readiness = get("/actuator/health/readiness", null);
    Response liveness = get("/actuator/health/liveness", null);

    assertThat(readiness.status()).isEqualTo(200);
    assertThat(readiness.body().get("status").asString()).isEqualTo("UP");
    assertThat(readiness.body().at("/components/db/status").asString()).isEqualTo("UP");
    assertThat(readiness.body().at("/components/kafka/status").asString()).isEqualTo("UP");
    assertThat(readiness.body().at("/components/kafka/details/brokers").asInt()).isPositive();
    assertThat(liveness.status()).isEqualTo(200);
    assertThat(liveness.body().get("status").asString()).isEqualTo("UP");
  }

  private String scrape() {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient()
          .send(request("/actuator/prometheus", null).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The metric names of a Prometheus text scrape (the first token of each sample line). */
  static Set<String> exposedNames(String scrape) {
    Set<String> names = new TreeSet<>();
    scrape.lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
        .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }
}

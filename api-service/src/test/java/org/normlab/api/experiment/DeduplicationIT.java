package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.normlab.api.support.ProblemErrors.fields;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.EvaluatedRuns;
import org.normlab.api.support.SimulatedWorker;
import tools.jackson.databind.JsonNode;

/** A spec identical to a completed run (config hash + code version) links that run unless forced. */
class DeduplicationIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final SimulatedWorker worker = new SimulatedWorker(50);

  @AfterEach
  void stopWorker() {
    worker.close();
  }

  @Test
  void aSpecIdenticalToACompletedRunLinksItAndItsResultInsteadOfTraining() throws Exception {
    long seed = seed();
    Response first = post("/api/v1/experiments", spec("first", seed, "[\"a\"]", ""));
    UUID original = UUID.fromString(first.body().get("id").asString());
    EvaluatedRuns.complete(worker, original, 6.5, 0.2, null);
    await().atMost(WAIT).until(() -> status(original).equals("SUCCEEDED"));

    // Another name and other tags: labels, not configuration.
    HttpResponse<String> again = postRaw(spec("renamed", seed, "[\"b\", \"c\"]", ""));

    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.headers().firstValue("Deduplicated")).contains("true");
    assertThat(again.headers().firstValue("Location")).contains("/api/v1/experiments/" + original);
    JsonNode linked = JSON.readTree(again.body());
    assertThat(linked.get("id").asString()).isEqualTo(original.toString());
    assertThat(linked.get("name").asString()).isEqualTo("first");
    assertThat(linked.at("/result/top1Error").asDouble()).isEqualTo(6.5);
    assertThat(linked.at("/result/checkpointSha256").asString()).isEqualTo(EvaluatedRuns.sha(original));
    assertThat(linked.get("configHash").asString()).isEqualTo(first.body().get("configHash").asString());
  }

  @Test
  void forceTrainsAgainAndAnyConfigurationChangeIsANewRun() {
    long seed = seed();
    UUID original = UUID.fromString(post("/api/v1/experiments", spec("orig", seed, "[]", "")).body()
        .get("id").asString());
    EvaluatedRuns.complete(worker, original, 7.0, 0.2, null);
    await().atMost(WAIT).until(() -> status(original).equals("SUCCEEDED"));

    Response forced = post("/api/v1/experiments", spec("forced", seed, "[]", ", \"force\": true"));
    assertThat(forced.status()).isEqualTo(201);
    assertThat(forced.body().get("id").asString()).isNotEqualTo(original.toString());
    assertThat(forced.body().get("status").asString()).isEqualTo("QUEUED");

    Response otherSeed = post("/api/v1/experiments", spec("orig", seed + 1, "[]", ""));
    assertThat(otherSeed.status()).isEqualTo(201);
    assertThat(otherSeed.body().get("configHash").asString())
        .isNotEqualTo(forced.body().get("configHash").asString());
  }

  @Test
  void aRunStillQueuedIsNotCompletedSoAnIdenticalSubmissionIsQueuedToo() {
    long seed = seed();
    Response first = post("/api/v1/experiments", spec("q1", seed, "[]", ""));
    Response second = post("/api/v1/experiments", spec("q2", seed, "[]", ""));

    assertThat(second.status()).isEqualTo(201);
    assertThat(second.body().get("id").asString()).isNotEqualTo(first.body().get("id").asString());
    assertThat(second.body().get("configHash").asString()).isEqualTo(first.body().get("configHash").asString());
  }

  @Test
  void badTagsAreNamedOneByOne() {
    Response response = post("/api/v1/experiments",
        spec("tags", seed(), "[\"ok\", \"Upper\", \"ok\", \"" + "x".repeat(41) + "\", \"\"]", ""));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(fields(response.body().get("errors"))).containsExactly("tags[1]", "tags[2]", "tags[3]", "tags[4]");
    assertThat(fields(post("/api/v1/experiments", spec("tags", seed(), "\"solo\"", "")).body().get("errors")))
        .containsExactly("tags");
  }

  private static String spec(String name, long seed, String tags, String extra) {
    return """
        {"name": "%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn", "baseWidth": 8,
         "batchSize": 16, "iterations": 20, "seed": %d, "tags": %s%s}
        """.formatted(name, seed, tags, extra);
  }

  private static long seed() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE - 1);
  }

  private HttpResponse<String> postRaw(String json) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/api/v1/experiments")).header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + ADMIN_TOKEN)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }
}

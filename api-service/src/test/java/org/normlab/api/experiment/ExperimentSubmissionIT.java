package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.error;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import org.normlab.contracts.model.ModelVocabulary;
import org.normlab.contracts.run.RunDispatch;
import tools.jackson.databind.JsonNode;

class ExperimentSubmissionIT extends ApiIntegrationTest {

  static final String VALID = """
      {"name": "fmnist-bn", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "BN",
       "baseWidth": 16, "normBatchSize": 16, "batchSize": 64, "epochs": 1,
       "optimizer": {"lr": 0.05, "momentum": 0.9, "weightDecay": 0.0001,
                     "schedule": {"type": "cosine", "warmupIterations": 10}},
       "seed": 7}
      """;

  @Test
  void validSpecIsStoredQueuedAndDispatchedThroughKafkaToALiveWorker() {
    Response created = post("/api/v1/experiments", VALID);

    assertThat(created.status()).isEqualTo(201);
    String id = created.body().get("id").asString();
    assertThat(created.location()).isEqualTo("/api/v1/experiments/" + id);
    assertThat(created.body().get("status").asString()).isEqualTo("QUEUED");
    assertThat(created.body().at("/spec/norm").asString()).isEqualTo("bn");

    Response fetched = get("/api/v1/experiments/" + id);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.body().at("/spec/normBatchSize").asInt()).isEqualTo(16);

    RunDispatch dispatch;
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      dispatch = worker.awaitDispatch(java.util.UUID.fromString(id), 1, Duration.ofSeconds(30)).orElseThrow();
    }
    assertThat(dispatch.runId().toString()).isEqualTo(id);
    assertThat(dispatch.attempt()).isEqualTo(1);
    assertThat(dispatch.assignedWorker()).startsWith("sim-");
    assertThat(dispatch.spec().optimizer().lr()).isEqualTo(0.05);
    assertThat(dispatch.spec().seed()).isEqualTo(7);
  }

  @Test
  void defaultsFillWhatTheSpecLeavesOut() {
    Response created = post("/api/v1/experiments", """
        {"name": "defaults", "dataset": "fashion-mnist", "backbone": "resnet18", "norm": "gn",
         "batchSize": 32, "iterations": 100}
        """);

    assertThat(created.status()).isEqualTo(201);
    JsonNode spec = created.body().get("spec");
    assertThat(spec.get("task").asString()).isEqualTo("classification");
    assertThat(spec.get("norm").asString()).isEqualTo("gn:32");
    assertThat(spec.get("normBatchSize").asInt()).isEqualTo(32);
    assertThat(spec.get("baseWidth").asInt()).isEqualTo(64);
    assertThat(spec.at("/optimizer/lr").asDouble()).isEqualTo(0.1);
    assertThat(spec.at("/optimizer/schedule/type").asString()).isEqualTo("constant");
  }

  @Test
  void invalidSpecIsRejectedNamingEveryBadFieldAndItsAllowedValues() {
    Response response = post("/api/v1/experiments", """
        {"name": "", "task": "segmentation", "dataset": "imagenet-typo", "backbone": "resnet5O", "norm": "batchnorm",
         "normBatchSize": 5, "batchSize": 32, "epochs": 1, "optimizer": {"lr": -1, "schedule": {"type": "poly"}}}
        """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body().get("code").asString()).isEqualTo("invalid-request");
    JsonNode errors = response.body().get("errors");
    assertThat(fields(errors)).containsExactlyInAnyOrder(
        "name", "task", "dataset", "backbone", "norm", "normBatchSize", "optimizer.lr", "optimizer.schedule.type");
    assertThat(allowed(errors, "backbone")).containsExactlyElementsOf(ModelVocabulary.BACKBONES);
    assertThat(error(errors, "backbone").get("message").asString()).contains("did you mean 'resnet50'");
    assertThat(allowed(errors, "dataset")).containsExactly("fashion-mnist");
    assertThat(allowed(errors, "norm")).contains("bn", "gn:<groups>", "in", "ln");
    assertThat(allowed(errors, "task")).containsExactly("classification", "detection");
    assertThat(allowed(errors, "optimizer.schedule.type")).containsExactly("constant", "multistep", "cosine");
    assertThat(fields(post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn", "batchSize": 8, "epochs": 1,
         "priority": "urgent", "owner": "a b", "maxRestarts": 99}
        """).body().get("errors"))).containsExactlyInAnyOrder("priority", "owner", "maxRestarts");
    assertThat(error(errors, "normBatchSize").get("message").asString()).contains("must divide batchSize (32)");
  }

  @Test
  void replicasAreKeptWithTheSpecAndDispatched() {
    Response created = post("/api/v1/experiments", """
        {"name": "fmnist-syncbn-x2", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "syncbn",
         "baseWidth": 16, "batchSize": 64, "iterations": 50, "replicas": 2}
        """);

    assertThat(created.status()).isEqualTo(201);
    String id = created.body().get("id").asString();
    assertThat(created.body().at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(created.body().at("/spec/normBatchSize").asInt()).isEqualTo(64);
    JsonNode trained = created.body().path("trainedReplicas");
    assertThat(trained.isNull() || trained.isMissingNode()).as("not started yet").isTrue();
    try (SimulatedWorker worker = new SimulatedWorker(50)) {
      RunDispatch dispatch =
          worker.awaitDispatch(java.util.UUID.fromString(id), 1, Duration.ofSeconds(30)).orElseThrow();
      assertThat(dispatch.spec().replicas()).isEqualTo(2);
    }
    assertThat(post("/api/v1/experiments", VALID).body().at("/spec/replicas").isMissingNode())
        .as("left to the worker when absent").isTrue();
  }

  @Test
  void replicaCountsThatCannotShareTheBatchAreRejectedWithTheAllowedValues() {
    JsonNode uneven = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "gn:8",
         "batchSize": 64, "epochs": 1, "replicas": 3}
        """).body().get("errors");
    assertThat(fields(uneven)).containsExactly("replicas");
    assertThat(allowed(uneven, "replicas")).containsExactly("1", "2", "4", "8", "16", "32", "64");

    Response bnGroups = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "normBatchSize": 32, "batchSize": 64, "epochs": 1, "replicas": 4}
        """);
    assertThat(bnGroups.status()).isEqualTo(400);
    assertThat(bnGroups.contentType()).startsWith("application/problem+json");
    JsonNode groups = bnGroups.body().get("errors");
    assertThat(fields(groups)).containsExactly("normBatchSize");
    assertThat(error(groups, "normBatchSize").get("message").asString()).contains("= 16").contains("syncbn");
    assertThat(allowed(groups, "normBatchSize")).containsExactly("1", "2", "4", "8", "16");

    JsonNode sync = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "syncbn",
         "normBatchSize": 16, "batchSize": 64, "epochs": 1, "replicas": 2}
        """).body().get("errors");
    assertThat(fields(sync)).containsExactly("normBatchSize");
    assertThat(allowed(sync, "normBatchSize")).containsExactly("64");

    JsonNode mabn = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "mabn",
         "normBatchSize": 2, "batchSize": 64, "epochs": 1, "replicas": 2}
        """).body().get("errors");
    assertThat(fields(mabn)).containsExactly("replicas");
    assertThat(allowed(mabn, "replicas")).containsExactly("1");

    JsonNode zero = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 64, "epochs": 1, "replicas": 0}
        """).body().get("errors");
    assertThat(fields(zero)).containsExactly("replicas");
  }

  @Test
  void nonPositiveSizesAndMissingLengthAreRejected() {
    Response response = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "normBatchSize": 0, "batchSize": -8, "baseWidth": 0}
        """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response.body().get("errors")))
        .containsExactlyInAnyOrder("normBatchSize", "batchSize", "baseWidth", "epochs");
  }

  @Test
  void malformedJsonIsAProblemNamingTheBody() {
    Response response = post("/api/v1/experiments", "{\"name\": \"x\", ");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(fields(response.body().get("errors"))).containsExactly("body");
  }

  @Test
  void wrongTypeNamesTheField() {
    Response response = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 32, "epochs": 1, "optimizer": {"lr": "fast"}}
        """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response.body().get("errors"))).containsExactly("optimizer.lr");
  }

  @Test
  void unknownFieldIsRejectedListingTheKnownOnes() {
    Response response = post("/api/v1/experiments", """
        {"name": "x", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "batchSize": 32, "epochs": 1, "normBatchsize": 2}
        """);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fields(response.body().get("errors"))).containsExactly("normBatchsize");
    assertThat(allowed(response.body().get("errors"), "normBatchsize")).contains("normBatchSize", "batchSize");
  }

  @Test
  void oversizedBodyIsRefusedWith413() {
    String huge = "{\"name\": \"" + "x".repeat(70_000) + "\"}";

    Response response = post("/api/v1/experiments", huge);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.body().get("code").asString()).isEqualTo("body-too-large");
  }

  @Test
  void unknownExperimentIsA404Problem() {
    Response response = get("/api/v1/experiments/00000000-0000-0000-0000-000000000000");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.contentType()).startsWith("application/problem+json");
  }

  @Test
  void listIsPagedAndFilterable() {
    for (int i = 0; i < 3; i++) {
      post("/api/v1/experiments", VALID.replace("fmnist-bn", "list-probe-" + i).replace("\"BN\"", "\"in\""));
    }

    Response page = get("/api/v1/experiments?norm=in&name=list-probe&size=2&page=0");

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body().get("totalElements").asInt()).isEqualTo(3);
    assertThat(page.body().get("content")).hasSize(2);
    assertThat(page.body().get("totalPages").asInt()).isEqualTo(2);
    assertThat(get("/api/v1/experiments?status=BOGUS").status()).isEqualTo(400);
    assertThat(get("/api/v1/experiments?size=1000").status()).isEqualTo(400);
  }
}

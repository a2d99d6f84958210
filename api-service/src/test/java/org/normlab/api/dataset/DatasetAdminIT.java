package org.normlab.api.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.error;
import static org.normlab.api.support.ProblemErrors.fields;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import tools.jackson.databind.JsonNode;

/** Admins manage the datasets specs may name, in the real database; submissions follow at once. */
class DatasetAdminIT extends ApiIntegrationTest {

  @Test
  void aRegisteredDatasetTakesSubmissionsUntilItIsRetired() {
    String name = uniqueName();
    Response registered = post("/api/v1/datasets", """
        {"name": "%s", "task": "classification", "numClasses": 100, "description": "ImageNet-100 subset"}
        """.formatted(name));
    assertThat(registered.status()).isEqualTo(201);
    assertThat(registered.location()).isEqualTo("/api/v1/datasets/" + name);
    assertThat(registered.body().get("source").asString()).isEqualTo("admin");
    assertThat(registered.body().get("updatedBy").asString()).isEqualTo("bootstrap");
    assertThat(names(get("/api/v1/datasets").body())).contains(name, "fashion-mnist");

    assertThat(submit(name).status()).isEqualTo(201);

    Response retired = post("/api/v1/datasets/" + name + "/retire", "");
    assertThat(retired.status()).isEqualTo(200);
    assertThat(retired.body().get("retiredAt").isNull()).isFalse();

    Response refused = submit(name);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.contentType()).startsWith("application/problem+json");
    assertThat(fields(refused.body().get("errors"))).containsExactly("dataset");
    assertThat(error(refused.body().get("errors"), "dataset").get("message").asString()).contains("retired");
    assertThat(allowed(refused.body().get("errors"), "dataset")).contains("fashion-mnist").doesNotContain(name);
    // Listed only when asked for: runs and leaderboards still name it.
    assertThat(names(get("/api/v1/datasets").body())).doesNotContain(name);
    assertThat(names(get("/api/v1/datasets?retired=true").body())).contains(name);

    assertThat(post("/api/v1/datasets/" + name + "/reinstate", "").status()).isEqualTo(200);
    assertThat(submit(name).status()).isEqualTo(201);
  }

  @Test
  void anUnknownDatasetIsRefusedNamingTheActiveOnes() {
    Response refused = submit("no-such-set");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(fields(refused.body().get("errors"))).containsExactly("dataset");
    assertThat(allowed(refused.body().get("errors"), "dataset")).contains("fashion-mnist");
  }

  @Test
  void theConfiguredDatasetIsSeededIntoTheTable() {
    Response seeded = get("/api/v1/datasets/fashion-mnist");

    assertThat(seeded.status()).isEqualTo(200);
    assertThat(seeded.body().get("numClasses").asInt()).isEqualTo(10);
    assertThat(seeded.body().get("task").asString()).isEqualTo("classification");
    assertThat(seeded.body().get("retiredAt").isNull()).isTrue();
  }

  @Test
  void anUpdateChangesTheEntryButNotItsName() {
    String name = uniqueName();
    post("/api/v1/datasets", "{\"name\": \"%s\", \"task\": \"classification\", \"numClasses\": 10}".formatted(name));

    Response updated = call("PUT", "/api/v1/datasets/" + name,
        "{\"task\": \"classification\", \"numClasses\": 20, \"description\": \"relabelled\"}", ADMIN_TOKEN);
    Response renamed = call("PUT", "/api/v1/datasets/" + name,
        "{\"name\": \"other\", \"task\": \"classification\", \"numClasses\": 20}", ADMIN_TOKEN);
    Response missing = call("PUT", "/api/v1/datasets/" + uniqueName(),
        "{\"task\": \"classification\", \"numClasses\": 20}", ADMIN_TOKEN);

    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.body().get("numClasses").asInt()).isEqualTo(20);
    assertThat(get("/api/v1/datasets/" + name).body().get("description").asString()).isEqualTo("relabelled");
    assertThat(renamed.status()).isEqualTo(400);
    assertThat(allowed(renamed.body().get("errors"), "name")).containsExactly(name);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body().get("code").asString()).isEqualTo("not-found");
  }

  @Test
  void aTakenNameIsAConflictEvenWhenRetired() {
    String name = uniqueName();
    String body = "{\"name\": \"%s\", \"task\": \"classification\", \"numClasses\": 10}".formatted(name);
    post("/api/v1/datasets", body);
    post("/api/v1/datasets/" + name + "/retire", "");

    Response again = post("/api/v1/datasets", body);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().get("code").asString()).isEqualTo("dataset-exists");
    assertThat(again.body().get("detail").asString()).contains("reinstate");
  }

  @Test
  void badEntriesAreRefusedNamingEachBadField() {
    Response bad = post("/api/v1/datasets", """
        {"name": "../../etc/passwd", "task": "segmentation", "numClasses": 0, "description": "%s"}
        """.formatted("x".repeat(501)));

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.contentType()).startsWith("application/problem+json");
    assertThat(fields(bad.body().get("errors"))).containsExactlyInAnyOrder("name", "task", "numClasses", "description");
    assertThat(allowed(bad.body().get("errors"), "task")).containsExactly("classification", "detection");

    for (String name : List.of("image net", "a..b", "-lead", "tab\\tname", "x".repeat(65), "a/b", "")) {
      Response r = post("/api/v1/datasets",
          "{\"name\": \"%s\", \"task\": \"classification\", \"numClasses\": 10}".formatted(name));
      assertThat(r.status()).as(name).isEqualTo(400);
      assertThat(fields(r.body().get("errors"))).as(name).containsExactly("name");
    }
    Response empty = post("/api/v1/datasets", "{}");
    assertThat(fields(empty.body().get("errors"))).containsExactlyInAnyOrder("name", "task", "numClasses");
  }

  @Test
  void onlyAdminsChangeDatasetsWhileViewersListThem() {
    String viewer = createToken("ds-viewer-" + UUID.randomUUID(), "viewer");
    String researcher = createToken("ds-researcher-" + UUID.randomUUID(), "researcher");
    String body = "{\"name\": \"%s\", \"task\": \"classification\", \"numClasses\": 10}".formatted(uniqueName());

    assertThat(get("/api/v1/datasets", viewer).status()).isEqualTo(200);
    assertThat(get("/api/v1/datasets/fashion-mnist", viewer).status()).isEqualTo(200);
    for (String token : List.of(viewer, researcher)) {
      List<Response> refused = List.of(post("/api/v1/datasets", body, null, token),
          call("PUT", "/api/v1/datasets/fashion-mnist", body, token),
          post("/api/v1/datasets/fashion-mnist/retire", "", null, token),
          post("/api/v1/datasets/fashion-mnist/reinstate", "", null, token));
      for (Response r : refused) {
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("code").asString()).isEqualTo("forbidden");
        assertThat(r.body().get("required").asString()).isEqualTo("admin");
      }
    }
    assertThat(get("/api/v1/datasets/fashion-mnist").body().get("retiredAt").isNull()).isTrue();
  }

  private final List<String> submitted = new ArrayList<>();

  @AfterEach
  void leaveNoQueuedRunBehind() {
    submitted.forEach(id -> post("/api/v1/experiments/" + id + "/cancel", ""));
  }

  private Response submit(String dataset) {
    Response r = post("/api/v1/experiments", """
        {"name": "on-%s-%s", "dataset": "%s", "backbone": "resnet10", "norm": "bn",
         "baseWidth": 8, "batchSize": 16, "iterations": 1, "priority": "low"}
        """.formatted(dataset, UUID.randomUUID(), dataset));
    if (r.status() == 201) {
      submitted.add(r.body().get("id").asString());
    }
    return r;
  }

  private static String uniqueName() {
    return "it-set-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<String> names(JsonNode list) {
    List<String> names = new ArrayList<>();
    list.forEach(d -> names.add(d.get("name").asString()));
    return names;
  }
}

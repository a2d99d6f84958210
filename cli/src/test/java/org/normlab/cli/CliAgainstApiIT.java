package org.normlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.api.ApiServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import picocli.CommandLine;

/**
 * The CLI against the real API service: started in this JVM on embedded PostgreSQL and a real
 * KRaft broker (as api-service's ITs run it), called through the same command line a shell gets.
 * No trainer runs, so submitted runs stay queued: the tests drive them by cancel, pause and resume.
 */
class CliAgainstApiIT {

  private static final String ADMIN = "cli-it-bootstrap-admin-token-0123456789abcdef";

  private static EmbeddedPostgres postgres;
  private static EmbeddedKafkaKraftBroker kafka;
  private static ConfigurableApplicationContext api;
  private static String apiUrl;

  @TempDir
  Path dir;

  private StringWriter out;
  private StringWriter err;

  @BeforeAll
  static void startApi() throws IOException {
    postgres = EmbeddedPostgres.builder().start();
    kafka = new EmbeddedKafkaKraftBroker(1, 2);
    kafka.afterPropertiesSet();
    // Command-line arguments: they outrank application.yml (default properties would not).
    api = new SpringApplicationBuilder(ApiServiceApplication.class).run(
        "--server.port=0",
        "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
        "--spring.datasource.username=postgres",
        "--spring.datasource.password=postgres",
        "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString(),
        "--normlab.auth.bootstrap-token=" + ADMIN,
        "--logging.structured.format.console=");
    apiUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
  }

  @AfterAll
  static void stopApi() throws IOException {
    if (api != null) {
      api.close();
    }
    if (kafka != null) {
      kafka.destroy();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private int normlab(String token, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine line = new NormlabCli(Map.of(), dir, false).commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + (token == null ? 2 : 4)];
    all[0] = "--api-url";
    all[1] = apiUrl;
    if (token != null) {
      all[2] = "--token";
      all[3] = token;
    }
    System.arraycopy(args, 0, all, all.length - args.length, args.length);
    return line.execute(all);
  }

  private Path spec(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static final String VALID = """
      name: %s
      dataset: fashion-mnist
      backbone: resnet10
      norm: "gn:8"
      baseWidth: 16
      batchSize: 32
      epochs: 1
      optimizer: {lr: 0.1, schedule: {type: cosine}}
      """;

  private UUID submitted(String output) {
    return UUID.fromString(output.strip().split(" ")[0]);
  }

  @Test
  void aSubmittedSpecIsQueuedAndShowAndListFindIt() throws IOException {
    Path file = spec("spec.yaml", VALID.formatted("cli submit"));

    assertThat(normlab(ADMIN, "submit", file.toString())).isEqualTo(ExitCodes.OK);
    UUID id = submitted(out.toString());
    assertThat(out.toString()).contains("QUEUED cli submit");

    assertThat(normlab(ADMIN, "runs", "show", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("status", "QUEUED", "spec.norm", "gn:8", "resnet10");

    assertThat(normlab(ADMIN, "runs", "list", "--name", "cli submit", "--status", "queued")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains(id.toString(), "1 run(s)");
  }

  @Test
  void anInvalidSpecExitsFourAndPrintsEveryBadFieldWithItsAllowedValues() throws IOException {
    Path file = spec("bad.json", """
        {"name": "bad", "dataset": "fashion-mnist", "backbone": "resnet5O", "norm": "bn",
         "batchSize": 32, "normBatchSize": 5, "epochs": 1}
        """);

    assertThat(normlab(ADMIN, "submit", file.toString())).isEqualTo(ExitCodes.INVALID);

    List<String> lines = err.toString().lines().toList();
    assertThat(lines.get(0)).startsWith("normlab: HTTP 400 invalid-request");
    assertThat(lines).anyMatch(l -> l.startsWith("  backbone: ") && l.contains("rejected: resnet5O")
        && l.contains("allowed: ") && l.contains("resnet50"));
    assertThat(lines).anyMatch(l -> l.startsWith("  normBatchSize: ") && l.contains("rejected: 5"));
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aSweepSubmitsEveryCombinationAndAnIdempotencyKeyReplaysThem() throws IOException {
    Path file = spec("base.yaml", VALID.formatted("cli sweep"));
    Path grid = spec("grid.yaml", "norm: [bn, \"gn:8\"]\nbatchSize: [16, 32]\n");

    assertThat(normlab(ADMIN, "submit", file.toString(), "--sweep", grid.toString(), "--idempotency-key",
        "cli-sweep-1")).isEqualTo(ExitCodes.OK);
    List<String> first = out.toString().lines().toList();
    assertThat(first).hasSize(4);
    assertThat(first.get(1)).endsWith("QUEUED cli sweep [norm=bn batchSize=32]");

    assertThat(normlab(ADMIN, "submit", file.toString(), "--sweep", grid.toString(), "--idempotency-key",
        "cli-sweep-1")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().lines().toList()).isEqualTo(first);

    assertThat(normlab(ADMIN, "runs", "list", "--name", "cli sweep", "--size", "10")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("4 run(s)");
  }

  @Test
  void cancelPauseAndResumeDriveARunAndFollowStopsWithItsOutcome() throws IOException {
    assertThat(normlab(ADMIN, "submit", spec("p.yaml", VALID.formatted("cli control")).toString())).isZero();
    UUID id = submitted(out.toString());

    assertThat(normlab(ADMIN, "pause", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo(id + " PAUSED");
    assertThat(normlab(ADMIN, "resume", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo(id + " QUEUED");
    assertThat(normlab(ADMIN, "cancel", id.toString())).isEqualTo(ExitCodes.OK);
    assertThat(out.toString().strip()).isEqualTo(id + " CANCELLED");

    assertThat(normlab(ADMIN, "follow", id.toString(), "--interval", "100")).isEqualTo(ExitCodes.RUN_NOT_SUCCEEDED);
    assertThat(out.toString()).startsWith("CANCELLED");
    assertThat(err.toString()).contains("run " + id + " CANCELLED");

    assertThat(normlab(ADMIN, "resume", id.toString())).isEqualTo(ExitCodes.CONFLICT);
    assertThat(err.toString()).contains("HTTP 409");
  }

  @Test
  void anUnknownRunIsNotFound() {
    assertThat(normlab(ADMIN, "runs", "show", UUID.randomUUID().toString())).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(normlab(ADMIN, "cancel", UUID.randomUUID().toString())).isEqualTo(ExitCodes.NOT_FOUND);
  }

  @Test
  void noForgedOrTooWeakTokensExitFive() throws IOException {
    assertThat(normlab(null, "runs", "list")).isEqualTo(ExitCodes.AUTH);
    assertThat(err.toString()).contains("HTTP 401", "no token: pass --token");

    assertThat(normlab("nlt_forgedforgedforgedforgedforgedforgedforged0", "runs", "list")).isEqualTo(ExitCodes.AUTH);

    String viewer = createToken("cli-viewer", "viewer");
    assertThat(normlab(viewer, "runs", "list")).isEqualTo(ExitCodes.OK);
    assertThat(normlab(viewer, "submit", spec("v.yaml", VALID.formatted("by a viewer")).toString()))
        .isEqualTo(ExitCodes.AUTH);
    assertThat(err.toString()).contains("HTTP 403");
  }

  @Test
  void theTokenFileOfTheLocalStackIsUsedWhenNothingElseIsGiven() throws IOException {
    Files.createDirectories(dir.resolve(".normlab/local"));
    Files.writeString(dir.resolve(".normlab/local/admin-token"), ADMIN + "\n");

    assertThat(normlab(null, "runs", "list")).isEqualTo(ExitCodes.OK);
  }

  @Test
  void theLeaderboardPrintsATable() {
    assertThat(normlab(ADMIN, "leaderboard", "fashion-mnist", "--norm", "gn:8")).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).startsWith("fashion-mnist");
  }

  @Test
  void theLauncherScriptRunsTheBuiltJar() throws Exception {
    Path checkout = Path.of("..").toAbsolutePath().normalize();
    Process process = new ProcessBuilder(checkout.resolve("bin/normlab").toString(), "--api-url", apiUrl,
        "--token", ADMIN, "runs", "list", "--size", "1")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(process.exitValue()).as(output).isEqualTo(ExitCodes.OK);
    assertThat(output).contains("ID", "STATUS", "run(s)");
  }

  private String createToken(String name, String role) {
    out = new StringWriter();
    try {
      var http = java.net.http.HttpClient.newHttpClient();
      var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(apiUrl + "/api/v1/tokens"))
          .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
          .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
              "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      return org.normlab.contracts.codec.ContractCodec.mapper().readTree(response.body()).get("secret").asString();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.normlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NormlabCliTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine line = new NormlabCli(Map.of(), dir, false).commandLine();
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void helpListsTheCommandsAndEveryExitCode() {
    assertThat(run("--help")).isEqualTo(ExitCodes.OK);

    assertThat(out.toString()).contains("submit", "runs", "follow", "cancel", "pause", "resume", "leaderboard",
        "suite", "datasets", "Exit codes:");
    for (String line : ExitCodes.HELP) {
      assertThat(out.toString()).contains(line.strip());
    }
  }

  @Test
  void noCommandAnUnknownOptionOrAMalformedRunIdAreUsageErrors() {
    assertThat(run()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("runs", "list", "--colour")).isEqualTo(ExitCodes.USAGE);
    assertThat(run("runs", "show", "not-a-uuid")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("Unknown option: '--colour'", "not-a-uuid");
  }

  @Test
  void anUnreachableApiExitsWithTheServerCodeAndSaysWhere() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    int code = run("--api-url", "http://127.0.0.1:" + port, "--token", "t", "runs", "list");

    assertThat(code).isEqualTo(ExitCodes.SERVER);
    assertThat(err.toString()).startsWith("normlab: API unreachable at http://127.0.0.1:" + port + "/");
  }

  @Test
  void aSpecFileThatDoesNotExistIsAUsageError() {
    assertThat(run("--token", "t", "submit", "missing.yaml")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("no such file: missing.yaml");
  }
}

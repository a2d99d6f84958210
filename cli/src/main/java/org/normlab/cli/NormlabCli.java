package org.normlab.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.normlab.cli.api.ApiClient;
import org.normlab.cli.api.ApiException;
import org.normlab.cli.api.TokenSource;
import org.normlab.cli.command.ControlCommands;
import org.normlab.cli.command.DatasetsCommand;
import org.normlab.cli.command.FollowCommand;
import org.normlab.cli.command.RetrainCommand;
import org.normlab.cli.command.LeaderboardCommand;
import org.normlab.cli.command.RunsCommand;
import org.normlab.cli.command.SubmitCommand;
import org.normlab.cli.command.SuiteCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code normlab}: the API from a shell. Global options say where the API is and who is calling;
 * each subcommand is one task. Failures print one line (and one per invalid field) on stderr and
 * exit with a code from {@link ExitCodes}.
 */
@Command(
    name = "normlab",
    mixinStandardHelpOptions = true,
    version = "normlab 0.1.0",
    description = "Submit experiments, sweeps and suites to NormLab, follow runs, print leaderboards.",
    subcommands = {
      SubmitCommand.class,
      RunsCommand.class,
      FollowCommand.class,
      ControlCommands.Cancel.class,
      ControlCommands.Pause.class,
      ControlCommands.Resume.class,
      RetrainCommand.class,
      LeaderboardCommand.class,
      SuiteCommand.class,
      DatasetsCommand.class,
      CommandLine.HelpCommand.class
    })
public final class NormlabCli implements java.util.concurrent.Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  static final String DEFAULT_API = "http://127.0.0.1:8080";

  @Option(names = "--api-url", paramLabel = "URL",
      description = "API base URL (env NORMLAB_API_URL; default " + DEFAULT_API + ")")
  String apiUrl;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "API token (else env NORMLAB_TOKEN, else " + TokenSource.LOCAL_TOKEN_FILE
          + " in this directory or a parent)")
  String token;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "per-request timeout (default ${DEFAULT-VALUE})")
  int timeoutSeconds;

  private final Map<String, String> env;
  private final Path workingDir;
  private final boolean interactive;

  public NormlabCli(Map<String, String> env, Path workingDir, boolean interactive) {
    this.env = env;
    this.workingDir = workingDir;
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    NormlabCli cli = new NormlabCli(System.getenv(), Path.of(""), System.console() != null);
    System.exit(cli.commandLine().execute(args));
  }

  /** The configured picocli command line: exit-code mapping and the exit-code table in the help. */
  public CommandLine commandLine() {
    CommandLine line = new CommandLine(this).setUsageHelpWidth(100);
    line.getCommandSpec().usageMessage().footerHeading("%nExit codes:%n").footer(ExitCodes.HELP);
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      PrintWriter err = cmd.getErr();
      if (e instanceof ApiException refusal) {
        err.println("normlab: " + refusal.getMessage());
        refusal.details().forEach(detail -> err.println("  " + detail));
        err.flush();
        return refusal.exitCode();
      }
      err.println("normlab: " + e);
      err.flush();
      return ExitCodes.SERVER;
    });
    return line;
  }

  /** No command given: the usage on stderr and the usage exit code. */
  @Override
  public Integer call() {
    spec.commandLine().getErr().println("normlab: a command is required");
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  public ApiClient client() {
    String url = apiUrl != null ? apiUrl : env.getOrDefault("NORMLAB_API_URL", DEFAULT_API);
    URI base;
    try {
      base = URI.create(url.endsWith("/") ? url : url + "/");
      if (base.getScheme() == null || base.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
    } catch (IllegalArgumentException e) {
      throw new ApiException(ExitCodes.USAGE, "--api-url " + url + " is not an http(s) URL");
    }
    String resolved = TokenSource.resolve(token, env, workingDir).orElse(null);
    return new ApiClient(base, resolved, Duration.ofSeconds(timeoutSeconds));
  }

  public Path workingDir() {
    return workingDir;
  }

  /** Whether stdout is a terminal: progress redraws one line instead of printing a line per change. */
  public boolean interactive() {
    return interactive;
  }
}

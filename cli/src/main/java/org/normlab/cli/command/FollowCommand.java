package org.normlab.cli.command;

import java.util.Set;
import java.util.UUID;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiException;
import org.normlab.cli.render.ProgressLine;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Follows a run until it stops: polls {@code GET /api/v1/experiments/{id}} (the API has no stream
 * yet) and redraws one progress line on a terminal, or prints a line per change when piped.
 */
@Command(name = "follow", mixinStandardHelpOptions = true,
    description = "Follow a run with a live progress bar until it succeeds, fails, is cancelled or paused. "
        + "Exit 0 if it SUCCEEDED, 1 otherwise.")
public final class FollowCommand extends ApiCommand {

  static final Set<String> STOPPED = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "PAUSED");

  @Parameters(paramLabel = "ID")
  UUID id;

  @Option(names = "--interval", paramLabel = "MILLIS", defaultValue = "1000",
      description = "poll interval (default ${DEFAULT-VALUE} ms)")
  long intervalMillis;

  @Override
  public Integer call() throws InterruptedException {
    boolean redraw = root().interactive();
    String last = null;
    while (true) {
      JsonNode run = client().get(EXPERIMENTS + "/" + id);
      String line = ProgressLine.render(snapshot(run));
      if (!line.equals(last)) {
        if (redraw) {
          // Pad over the previous line, which may have been longer.
          out().print("\r" + line + " ".repeat(Math.max(0, (last == null ? 0 : last.length()) - line.length())));
        } else {
          out().println(line);
        }
        out().flush();
        last = line;
      }
      String status = Fields.text(run, "status");
      if (STOPPED.contains(status)) {
        if (redraw) {
          out().println();
        }
        return finish(run, status);
      }
      Thread.sleep(intervalMillis);
    }
  }

  private int finish(JsonNode run, String status) {
    if ("SUCCEEDED".equals(status)) {
      out().println("run " + id + " SUCCEEDED");
      out().flush();
      return ExitCodes.OK;
    }
    String failure = Fields.text(run, "failure");
    spec.commandLine().getErr().println("normlab: run " + id + " " + status
        + (failure.isEmpty() ? "" : ": " + failure));
    spec.commandLine().getErr().flush();
    return ExitCodes.RUN_NOT_SUCCEEDED;
  }

  static ProgressLine.Snapshot snapshot(JsonNode run) {
    if (run == null) {
      throw new ApiException(ExitCodes.SERVER, "empty answer for the run");
    }
    return new ProgressLine.Snapshot(Fields.text(run, "status"), Fields.integer(run, "progress.epoch"),
        Fields.integer(run, "spec.epochs"), Fields.whole(run, "progress.iteration"),
        Fields.whole(run, "progress.totalIterations"), Fields.decimal(run, "progress.loss"),
        Fields.decimal(run, "progress.imagesPerSecond"), Fields.integer(run, "spec.batchSize"));
  }
}

package org.normlab.cli.command;

import java.util.UUID;
import org.normlab.cli.ExitCodes;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cancel}, {@code pause}, {@code resume}: one POST each, the run's new status printed. */
public final class ControlCommands {

  private ControlCommands() {}

  abstract static class Control extends ApiCommand {

    @Parameters(paramLabel = "ID")
    UUID id;

    abstract String action();

    @Override
    public Integer call() {
      JsonNode run = client().post(EXPERIMENTS + "/" + id + "/" + action());
      out().println(id + " " + Fields.text(run, "status"));
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a queued, running, paused or evaluating run.")
  public static final class Cancel extends Control {
    @Override
    String action() {
      return "cancel";
    }
  }

  @Command(name = "pause", mixinStandardHelpOptions = true,
      description = "Pause a run: a running one checkpoints first and frees its slot.")
  public static final class Pause extends Control {
    @Override
    String action() {
      return "pause";
    }
  }

  @Command(name = "resume", mixinStandardHelpOptions = true,
      description = "Queue a paused run again; it resumes from its last checkpoint.")
  public static final class Resume extends Control {
    @Override
    String action() {
      return "resume";
    }
  }
}

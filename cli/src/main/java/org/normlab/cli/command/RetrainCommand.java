package org.normlab.cli.command;

import java.nio.file.Path;
import java.util.UUID;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.spec.SpecFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Starts a new run from another run's checkpoint at the end of an epoch, with its own learning rate
 * and schedule ({@code POST /api/v1/experiments/{id}/retrain}); prints the new run like submit does.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true,
    description = "Start a new run from a run's checkpoint at the end of epoch E, with new optimizer"
        + " settings (as the MXNet seed's --retrain --model-load-epoch E, as a run of its own).")
public final class RetrainCommand extends ApiCommand {

  @Parameters(paramLabel = "ID", description = "the source run")
  UUID id;

  @Option(names = "--from-epoch", paramLabel = "E", required = true,
      description = "an epoch the source run checkpointed; its last checkpoint of that epoch is used")
  int fromEpoch;

  @Option(names = "--keep-optimizer-state",
      description = "load the checkpoint's momentum buffers too (default: start them at zero)")
  boolean keepOptimizerState;

  @Option(names = "--spec", paramLabel = "FILE",
      description = "overrides of the source's spec (YAML or JSON; nested optimizer fields one by one)")
  Path overrides;

  @Option(names = "--lr", paramLabel = "LR", description = "the new run's base learning rate (optimizer.lr)")
  Double lr;

  @Option(names = "--epochs", paramLabel = "N", description = "the new run's length in epochs")
  Integer epochs;

  @Option(names = "--name", paramLabel = "NAME",
      description = "the new run's name (default: <source name> / retrain from epoch E)")
  String name;

  @Override
  public Integer call() {
    JsonNode run = client().post(EXPERIMENTS + "/" + id + "/retrain", body(), null);
    out().println(Fields.text(run, "id") + " " + Fields.text(run, "status") + " " + Fields.text(run, "name"));
    out().flush();
    return ExitCodes.OK;
  }

  /** The request: the overrides file, then the flags on top of it. */
  ObjectNode body() {
    ObjectNode spec = overrides == null
        ? JsonNodeFactory.instance.objectNode() : (ObjectNode) SpecFiles.readObject(overrides);
    if (lr != null) {
      JsonNode optimizer = spec.get("optimizer");
      ObjectNode merged = optimizer instanceof ObjectNode o ? o : spec.putObject("optimizer");
      merged.put("lr", lr);
    }
    if (epochs != null) {
      spec.put("epochs", epochs);
    }
    if (name != null) {
      spec.put("name", name);
    }
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("fromEpoch", fromEpoch);
    body.put("keepOptimizerState", keepOptimizerState);
    body.set("spec", spec);
    return body;
  }
}

package org.normlab.cli.command;

import java.nio.file.Path;
import java.util.List;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiException;
import org.normlab.cli.spec.SpecFiles;
import org.normlab.cli.spec.SweepGrid;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Submits a spec, or with {@code --sweep} every combination of a grid over it. Prints one line per
 * run: its id first, so {@code normlab submit x.yaml | cut -d' ' -f1} gives the ids.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
    description = "Submit an experiment spec (YAML or JSON; fields as in docs/api.md).")
public final class SubmitCommand extends ApiCommand {

  @Parameters(paramLabel = "FILE", description = "the spec, .yaml/.yml or .json")
  Path file;

  @Option(names = "--sweep", paramLabel = "GRID",
      description = "a grid file: field (dotted for nested, optimizer.lr) -> list of values; "
          + "submits every combination, the values appended to the name")
  Path sweep;

  @Option(names = "--idempotency-key", paramLabel = "KEY",
      description = "retry-safe submission: the same key and spec return the first run "
          + "(a sweep uses KEY-0, KEY-1, ...)")
  String idempotencyKey;

  @Override
  public Integer call() {
    JsonNode spec = SpecFiles.readObject(file);
    List<ObjectNode> variants = sweep == null
        ? List.of((ObjectNode) spec)
        : SweepGrid.of(SpecFiles.readObject(sweep)).expand(spec);
    for (int i = 0; i < variants.size(); i++) {
      String key = idempotencyKey == null ? null
          : variants.size() == 1 && sweep == null ? idempotencyKey : idempotencyKey + "-" + i;
      JsonNode run;
      try {
        run = client().post(EXPERIMENTS, variants.get(i), key);
      } catch (ApiException e) {
        if (variants.size() == 1) {
          throw e;
        }
        throw new ApiException(e.exitCode(), "variant " + (i + 1) + "/" + variants.size() + " ("
            + variants.get(i).path("name").asString() + ") refused after " + i + " submitted: "
            + e.getMessage(), e.details());
      }
      out().println(Fields.text(run, "id") + " " + Fields.text(run, "status") + " " + Fields.text(run, "name"));
    }
    out().flush();
    return ExitCodes.OK;
  }
}

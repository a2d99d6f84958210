package org.normlab.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.render.Table;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code runs list} and {@code runs show}. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List and inspect runs.",
    subcommands = {RunsCommand.ListRuns.class, RunsCommand.Show.class, RunsCommand.SetPriority.class})
public final class RunsCommand {

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Runs, newest first.")
  static final class ListRuns extends ApiCommand {

    @Option(names = "--status", description = "QUEUED, DISPATCHED, RUNNING, PAUSING, PAUSED, EVALUATING, "
        + "SUCCEEDED, FAILED, CANCELLED")
    String status;

    @Option(names = "--dataset")
    String dataset;

    @Option(names = "--backbone")
    String backbone;

    @Option(names = "--norm")
    String norm;

    @Option(names = "--name", description = "substring of the run's name")
    String name;

    @Option(names = "--recipe", description = "runs that named this recipe")
    String recipe;

    @Option(names = "--page", defaultValue = "0")
    int page;

    @Option(names = "--size", defaultValue = "20", description = "1-200 (default ${DEFAULT-VALUE})")
    int size;

    @Option(names = "--json", description = "print the API's answer")
    boolean json;

    @Override
    public Integer call() {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("status", status == null ? null : status.toUpperCase(java.util.Locale.ROOT));
      query.put("dataset", dataset);
      query.put("backbone", backbone);
      query.put("norm", norm);
      query.put("name", name);
      query.put("recipe", recipe);
      query.put("page", page);
      query.put("size", size);
      JsonNode answer = client().get(EXPERIMENTS, query);
      if (json) {
        out().println(answer.toPrettyString());
      } else {
        out().print(table(answer));
        out().printf("page %d of %d, %d run(s)%n", answer.path("page").asInt(),
            Math.max(1, answer.path("totalPages").asInt()), answer.path("totalElements").asLong());
      }
      out().flush();
      return ExitCodes.OK;
    }

    static String table(JsonNode page) {
      Table table = new Table(List.of("ID", "NAME", "STATUS", "DATASET", "BACKBONE", "NORM", "EPOCH", "ITER",
          "LOSS", "CREATED"));
      for (JsonNode run : page.path("content")) {
        table.row(List.of(Fields.text(run, "id"), Fields.text(run, "name"), Fields.text(run, "status"),
            Fields.text(run, "spec.dataset"), Fields.text(run, "spec.backbone"), Fields.text(run, "spec.norm"),
            Fields.text(run, "progress.epoch"), Fields.text(run, "progress.iteration"),
            Fields.number(run, "progress.loss"), Fields.text(run, "createdAt")));
      }
      return table.render();
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "One run: status, spec, progress.")
  static final class Show extends ApiCommand {

    @Parameters(paramLabel = "ID")
    UUID id;

    @Option(names = "--json", description = "print the API's answer")
    boolean json;

    @Override
    public Integer call() {
      JsonNode run = client().get(EXPERIMENTS + "/" + id);
      out().print(json ? run.toPrettyString() + "\n" : describe(run));
      out().flush();
      return ExitCodes.OK;
    }

    static String describe(JsonNode run) {
      Table fields = new Table(List.of("FIELD", "VALUE"));
      for (String path : List.of("id", "name", "status", "origin", "attempt", "spec.dataset", "spec.backbone",
          "spec.norm", "spec.baseWidth", "spec.batchSize", "spec.normBatchSize", "spec.epochs", "spec.iterations",
          "spec.seed", "scheduling.priority", "scheduling.owner", "scheduling.restarts", "worker",
          "progress.epoch", "progress.iteration", "progress.totalIterations", "progress.loss", "progress.lr",
          "progress.imagesPerSecond", "checkpointUri", "checkpointSha256", "failure", "createdAt", "startedAt",
          "finishedAt")) {
        String value = Fields.text(run, path);
        if (!value.isEmpty()) {
          fields.row(List.of(path, value));
        }
      }
      // Two columns of text: drop the header, keep the alignment.
      String rendered = fields.render();
      return rendered.substring(rendered.indexOf('\n') + 1);
    }
  }

  @Command(name = "priority", mixinStandardHelpOptions = true,
      description = "Move a queued or paused run to another priority (admin token). Prints ID PRIORITY.")
  static final class SetPriority extends ApiCommand {

    @Parameters(index = "0", paramLabel = "ID")
    UUID id;

    @Parameters(index = "1", paramLabel = "LEVEL", description = "low, normal or high")
    String level;

    @Override
    public Integer call() {
      JsonNode run = client().send("PATCH", EXPERIMENTS + "/" + id,
          tools.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("priority", level));
      out().println(id + " " + Fields.text(run, "scheduling.priority"));
      out().flush();
      return ExitCodes.OK;
    }
  }
}

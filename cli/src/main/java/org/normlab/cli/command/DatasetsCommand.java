package org.normlab.cli.command;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiClient;
import org.normlab.cli.render.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code datasets list}, and for admins {@code register}, {@code retire} and {@code reinstate}. The
 * API only names datasets: their files must be configured on every worker (docs/operator-guide.md).
 */
@Command(name = "datasets", mixinStandardHelpOptions = true,
    description = "List the datasets specs may name; admins register, retire and reinstate them.",
    subcommands = {DatasetsCommand.ListDatasets.class, DatasetsCommand.Register.class, DatasetsCommand.Retire.class,
        DatasetsCommand.Reinstate.class})
public final class DatasetsCommand {

  static final String DATASETS = "api/v1/datasets";

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Datasets in name order.")
  static final class ListDatasets extends ApiCommand {

    @Option(names = "--retired", description = "include retired datasets")
    boolean retired;

    @Option(names = "--json", description = "print the API's answer")
    boolean json;

    @Override
    public Integer call() {
      Map<String, Object> query = new LinkedHashMap<>();
      query.put("retired", retired ? "true" : null);
      JsonNode answer = client().get(DATASETS, query);
      out().print(json ? answer.toPrettyString() + System.lineSeparator() : table(answer));
      out().flush();
      return ExitCodes.OK;
    }

    static String table(JsonNode datasets) {
      Table table = new Table(List.of("NAME", "TASK", "CLASSES", "STATUS", "SOURCE", "DESCRIPTION"));
      for (JsonNode d : datasets) {
        table.row(List.of(Fields.text(d, "name"), Fields.text(d, "task"), Fields.text(d, "numClasses"),
            Fields.text(d, "retiredAt").isEmpty() ? "active" : "retired",
            Fields.text(d, "source"), Fields.text(d, "description")));
      }
      return table.render();
    }
  }

  @Command(name = "register", mixinStandardHelpOptions = true,
      description = "Register a dataset (admin token). Prints NAME registered.")
  static final class Register extends ApiCommand {

    @Parameters(paramLabel = "NAME", description = "1-64 of A-Za-z0-9 . _ - (a name, never a path)")
    String name;

    @Option(names = "--classes", required = true, paramLabel = "N", description = "number of classes")
    int classes;

    @Option(names = "--task", defaultValue = "classification", description = "default ${DEFAULT-VALUE}")
    String task;

    @Option(names = "--description", paramLabel = "TEXT")
    String description;

    @Override
    public Integer call() {
      ObjectNode body = JsonNodeFactory.instance.objectNode()
          .put("name", name).put("task", task).put("numClasses", classes);
      if (description != null) {
        body.put("description", description);
      }
      JsonNode created = client().post(DATASETS, body, null);
      out().println(Fields.text(created, "name") + " registered");
      out().flush();
      return ExitCodes.OK;
    }
  }

  abstract static class Change extends ApiCommand {

    @Parameters(paramLabel = "NAME")
    String name;

    abstract String action();

    @Override
    public Integer call() {
      JsonNode dataset = client().post(DATASETS + "/" + ApiClient.segment(name) + "/" + action());
      out().println(Fields.text(dataset, "name") + " "
          + (Fields.text(dataset, "retiredAt").isEmpty() ? "active" : "retired"));
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "retire", mixinStandardHelpOptions = true,
      description = "Retire a dataset (admin token): new runs may no longer name it. Prints NAME retired.")
  static final class Retire extends Change {
    @Override
    String action() {
      return "retire";
    }
  }

  @Command(name = "reinstate", mixinStandardHelpOptions = true,
      description = "Make a retired dataset available again (admin token). Prints NAME active.")
  static final class Reinstate extends Change {
    @Override
    String action() {
      return "reinstate";
    }
  }
}

package org.normlab.cli.command;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiClient;
import org.normlab.cli.render.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Reproduction suites (docs/api.md, Reproduction suites): launch one, read a launch's report. */
@Command(name = "suite", mixinStandardHelpOptions = true, description = "Launch reproduction suites, read reports.",
    subcommands = {SuiteCommand.Launch.class, SuiteCommand.Report.class})
public final class SuiteCommand {

  static String suitePath(String name) {
    return "api/v1/suites/" + ApiClient.segment(name);
  }

  @Command(name = "launch", mixinStandardHelpOptions = true,
      description = "Launch a suite: each runnable row is submitted as a run tagged suite:NAME.")
  static final class Launch extends ApiCommand {

    @Parameters(paramLabel = "NAME", description = "e.g. fashion-mnist-norms, ibn-net-imagenet")
    String name;

    @Option(names = "--force", description = "retrain rows whose identical run already exists")
    boolean force;

    @Option(names = "--json", description = "print the API's answer")
    boolean json;

    @Override
    public Integer call() {
      JsonNode body = JsonNodeFactory.instance.objectNode().put("force", force);
      JsonNode report = client().post(suitePath(name) + "/launches", body, null);
      out().print(json ? report.toPrettyString() + "\n" : Report.render(report));
      out().flush();
      return ExitCodes.OK;
    }
  }

  @Command(name = "report", mixinStandardHelpOptions = true,
      description = "A launch's report, row by row against the paper; without ID the latest launch.")
  static final class Report extends ApiCommand {

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "ID", arity = "0..1", description = "the launch id (default: latest)")
    UUID launchId;

    @Option(names = "--json", description = "print the API's answer")
    boolean json;

    @Override
    public Integer call() {
      JsonNode report;
      if (launchId != null) {
        report = client().get(suitePath(name) + "/launches/" + launchId);
      } else {
        JsonNode latest = client().get(suitePath(name) + "/launches", Map.of("limit", 1));
        if (latest == null || latest.isEmpty()) {
          throw new org.normlab.cli.api.ApiException(ExitCodes.NOT_FOUND, "suite " + name + " has no launches yet");
        }
        report = latest.get(0);
      }
      out().print(json ? report.toPrettyString() + "\n" : render(report));
      out().flush();
      return ExitCodes.OK;
    }

    static String render(JsonNode report) {
      StringBuilder out = new StringBuilder()
          .append(Fields.text(report, "suite")).append(" launch ").append(Fields.text(report, "launchId"))
          .append(": ").append(Fields.text(report, "verdict"))
          .append(" (").append(Fields.text(report, "rowsChecked")).append(" of ")
          .append(Fields.text(report, "rowsTotal")).append(" rows checked, ")
          .append(Fields.text(report, "metric")).append(" within ").append(Fields.text(report, "tolerance"))
          .append(")\n");
      Table table = new Table(List.of("ROW", "LABEL", "PAPER", "OURS", "DELTA", "STATUS", "RUN"));
      for (JsonNode row : report.path("rows")) {
        table.row(List.of(Fields.text(row, "id"), Fields.text(row, "label"), Fields.number(row, "paper"),
            Fields.number(row, "ours"), Fields.number(row, "delta"), Fields.text(row, "status"),
            Fields.text(row, "experimentId")));
      }
      return out.append(table.render()).toString();
    }
  }
}

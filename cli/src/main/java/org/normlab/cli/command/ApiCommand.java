package org.normlab.cli.command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.normlab.cli.NormlabCli;
import org.normlab.cli.api.ApiClient;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A subcommand that talks to the API: the root's connection options, this command's output. */
abstract class ApiCommand implements Callable<Integer> {

  static final String EXPERIMENTS = "api/v1/experiments";

  @Spec
  CommandSpec spec;

  NormlabCli root() {
    return (NormlabCli) spec.root().userObject();
  }

  ApiClient client() {
    return root().client();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }
}

package io.platestream.bench;

import picocli.CommandLine;

/** {@code platestream bench} on its own, with the program's one-line errors, for tests. */
public final class BenchCommandLine {
  private BenchCommandLine() {}

  public static CommandLine create() {
    CommandLine commandLine = new CommandLine(new BenchCommand());
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          cmd.getErr().println("platestream " + cmd.getCommandName() + ": " + e.getMessage());
          return 1;
        });
    return commandLine;
  }
}

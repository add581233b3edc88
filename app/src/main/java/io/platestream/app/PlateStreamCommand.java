package io.platestream.app;

import io.platestream.bench.BenchCommand;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one {@code platestream} program; each stage and tool is a subcommand. */
@Command(
    name = "platestream",
    mixinStandardHelpOptions = true,
    // Every subcommand inherits -h/--help and -V/--version.
    scope = CommandLine.ScopeType.INHERIT,
    versionProvider = PlateStreamCommand.Version.class,
    description = "Streaming licence-plate recognition on Apache Kafka.",
    subcommands = {
      DemoCommand.class,
      IngestCommand.class,
      DetectCommand.class,
      RecognizeCommand.class,
      SinkCommand.class,
      TrainCommand.class,
      ModelsCommand.class,
      DatasetCommand.class,
      EvalCommand.class,
      LedgerCommand.class,
      RetrainCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class PlateStreamCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private ConfigDefaults defaults = new ConfigDefaults(Map.of());

  @CommandLine.Option(
      names = "--config",
      description =
          "Configuration file (Java properties: <option>=value or <command>.<option>=value);"
              + " also $PLATESTREAM_CONFIG. Flags win over PLATESTREAM_* environment variables,"
              + " which win over the file. See docs/CONFIGURATION.md.")
  void config(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--config: no file at " + file);
    }
    defaults.useFile(file);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
    PrintWriter out = spec.commandLine().getOut();
    out.println();
    out.println("Start with `platestream demo`: it reads plates from a sample video.");
    out.println("Then `platestream COMMAND --help` explains any command.");
  }

  public static void main(String[] args) {
    // JavaCPP writes its notes to stderr unless told to log; through SLF4J, logback.xml decides.
    if (System.getProperty("org.bytedeco.javacpp.logger") == null) {
      System.setProperty("org.bytedeco.javacpp.logger", "slf4j");
    }
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call it to run commands in-process. */
  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /**
   * The command line with configuration defaults from {@code environment} (tests pass their own).
   */
  static CommandLine commandLine(Map<String, String> environment) {
    PlateStreamCommand root = new PlateStreamCommand();
    root.defaults = new ConfigDefaults(environment);
    CommandLine commandLine = new CommandLine(root);
    commandLine.setDefaultValueProvider(root.defaults);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true); // --encoder imageio as well as IMAGEIO
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parseResult) -> {
          // Operators get one clear line; the stack trace goes to the log at debug level.
          cmd.getErr().println("platestream " + cmd.getCommandName() + ": " + explain(e));
          org.slf4j.LoggerFactory.getLogger(PlateStreamCommand.class).debug("command failed", e);
          return 1;
        });
    return commandLine;
  }

  /**
   * The exception's message, and its root cause's when that says something else: a Kafka client
   * reports "error deserializing" where the reason is the registry's 401 underneath.
   */
  static String explain(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(e.getMessage());
    String reason = root.getMessage();
    return root == e || reason == null || message.contains(reason)
        ? message
        : message + " (" + reason + ")";
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = PlateStreamCommand.class.getPackage().getImplementationVersion();
      return new String[] {"platestream " + (version == null ? "development build" : version)};
    }
  }
}

package io.platestream.bench.soak;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The pipeline left running under faults, with its ledger checked. */
@Command(
    name = "soak",
    description = {
      "The pipeline under stage kills and broker bounces, ledger checked.",
      "Looping file cameras through ingest and a parked car with 1 % poison frames, detect",
      "and recognize as processes of their own, SIGKILLed in turn, the embedded broker",
      "stopped and started now and then. Prints the ledger, memory and stores as it goes;",
      "at the end drains the pipeline and checks every frame ended once and nothing was",
      "written twice (exit 1 otherwise)."
    })
public final class BenchSoakCommand implements Callable<Integer> {
  @Option(names = "--cameras", description = "Looping file cameras (default: ${DEFAULT-VALUE}).")
  int cameras = 1;

  @Option(
      names = "--sample-fps",
      description = "Frames each looping camera publishes a second (default: ${DEFAULT-VALUE}).")
  int sampleFps = 2;

  @Option(names = "--duration", description = "Minutes to run (default: ${DEFAULT-VALUE}).")
  double minutes = 10;

  @Option(
      names = "--kill-every",
      description =
          "Minutes between stage kills, detect and recognize in turn (default: ${DEFAULT-VALUE}).")
  double killMinutes = 3;

  @Option(
      names = "--bounce-every",
      description = "Minutes between 5 s broker outages (default: ${DEFAULT-VALUE}).")
  double bounceMinutes = 7;

  @Option(
      names = "--report-every",
      description = "Seconds between report lines (default: ${DEFAULT-VALUE}).")
  int reportSeconds = 60;

  @Option(
      names = "--work-dir",
      description = "Stage state, logs and the sample clip (default: ${DEFAULT-VALUE}).")
  Path workDir = Path.of(".platestream", "soak");

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Soak.Outcome outcome =
        new Soak(
                new Soak.Settings(
                    cameras,
                    sampleFps,
                    minutes(minutes),
                    minutes(killMinutes),
                    minutes(bounceMinutes),
                    Duration.ofSeconds(reportSeconds),
                    workDir),
                out)
            .run();
    out.println(outcome.passed() ? "soak passed" : "soak FAILED");
    return outcome.passed() ? 0 : 1;
  }

  private static Duration minutes(double minutes) {
    return Duration.ofMillis(Math.round(minutes * 60_000));
  }
}

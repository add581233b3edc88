package io.platestream.bench;

import io.platestream.bench.detector.BenchDetectorCommand;
import io.platestream.bench.history.BenchHistoryCommand;
import io.platestream.bench.ingest.BenchIngestCommand;
import io.platestream.bench.pipeline.BenchPipelineCommand;
import io.platestream.bench.recognizer.BenchRecognizerCommand;
import io.platestream.bench.training.BenchTrainingCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Benchmarks that compare a PlateStream component with its raw baseline in the same run. */
@Command(
    name = "bench",
    description = "Measure a component against its raw baseline in the same run.",
    subcommands = {
      BenchDetectorCommand.class,
      BenchRecognizerCommand.class,
      BenchIngestCommand.class,
      BenchHistoryCommand.class,
      BenchTrainingCommand.class,
      BenchPipelineCommand.class,
      io.platestream.bench.soak.BenchSoakCommand.class
    })
public final class BenchCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(),
        "name what to measure: detector, recognizer, ingest, history, training or pipeline");
  }
}

package io.platestream.bench.training;

import io.platestream.bench.RoundStats;
import io.platestream.models.artifact.ClasspathArtifacts;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The training graph's forward pass against ONNX Runtime's, and a training step's throughput. */
@Command(
    name = "training",
    description = {
      "Training graph (DJL) against ONNX Runtime on the same input.",
      "Also reports training steps per second."
    })
public final class BenchTrainingCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      description =
          "recognizer (input [B,3,48,320]) or detector ([B,3,S,S]) (default: ${DEFAULT-VALUE}).")
  String model = "recognizer";

  @Option(names = "--batch", description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batch = 8;

  @Option(names = "--size", description = "Detector input side (default: ${DEFAULT-VALUE}).")
  int size = 640;

  @Option(names = "--rounds", description = "Timed rounds (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    boolean recognizer = model.equals("recognizer");
    if (!recognizer && !model.equals("detector")) {
      throw new IllegalArgumentException("--model must be recognizer or detector, got " + model);
    }
    String file =
        recognizer ? "models/ch_PP-OCRv4_rec_infer.onnx" : "models/ch_PP-OCRv4_det_infer.onnx";
    long[] shape = recognizer ? new long[] {batch, 3, 48, 320} : new long[] {batch, 3, size, size};
    out.printf(
        "training benchmark: %s, input %s, %d rounds, CPU, %d cores%n",
        file, java.util.Arrays.toString(shape), rounds, Runtime.getRuntime().availableProcessors());
    List<TrainingBenchmark.Round> results =
        TrainingBenchmark.run(
            ClasspathArtifacts.read(file),
            shape,
            rounds,
            line -> {
              out.println("  " + line);
              out.flush();
            });
    RoundStats ort =
        RoundStats.of(results.stream().map(TrainingBenchmark.Round::onnxRuntimeMs).toList());
    RoundStats forward =
        RoundStats.of(results.stream().map(TrainingBenchmark.Round::graphForwardMs).toList());
    RoundStats step =
        RoundStats.of(results.stream().map(TrainingBenchmark.Round::trainStepMs).toList());
    RoundStats ratio =
        RoundStats.of(results.stream().map(r -> r.graphForwardMs() / r.onnxRuntimeMs()).toList());
    out.println("| variant | ms per batch, median | range | images/s |");
    out.println("|---|---|---|---|");
    out.printf(
        "| ONNX Runtime forward | %.0f | %.0f-%.0f | %.1f |%n",
        ort.median(), ort.min(), ort.max(), batch * 1000 / ort.median());
    out.printf(
        "| graph forward | %.0f | %.0f-%.0f | %.1f |%n",
        forward.median(), forward.min(), forward.max(), batch * 1000 / forward.median());
    out.printf(
        "| training step | %.0f | %.0f-%.0f | %.1f |%n",
        step.median(), step.min(), step.max(), batch * 1000 / step.median());
    out.printf(
        "graph forward / ONNX Runtime forward: %.2f (%.2f-%.2f) per round%n",
        ratio.median(), ratio.min(), ratio.max());
    return 0;
  }
}

package io.platestream.bench.detector;

import io.platestream.bench.RoundStats;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.stage.Batching;
import io.platestream.detector.stage.DetectorWorkers;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The detector library against raw ONNX Runtime on the same frames. */
@Command(
    name = "detector",
    description = {
      "Detector library against raw ONNX Runtime on the same frames.",
      "Reports the median and range of the rounds."
    })
public final class BenchDetectorCommand implements Callable<Integer> {

  @Option(
      names = "--frames",
      description =
          "Synthetic 1280x720 frames per round (default: 16, or 96 with --stage: the stage's"
              + " rate takes longer to settle).")
  int frames = 0;

  @Option(names = "--rounds", description = "Timed rounds per variant (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Option(
      names = "--warmup-rounds",
      description =
          "With --stage: untimed rounds before the timed ones, for the JIT to compile the"
              + " stage's per-frame code (default: ${DEFAULT-VALUE}).")
  int warmupRounds = 1;

  @Option(names = "--batch", split = ",", description = "Batch sizes (default: 1,4).")
  int[] batches = {1, 4};

  @Option(
      names = "--threads",
      description = "ONNX Runtime intra-op threads, 0 = its default (default: ${DEFAULT-VALUE}).")
  int threads = 0;

  @Option(names = "--provider", description = "auto, cpu or cuda (default: ${DEFAULT-VALUE}).")
  String provider = "auto";

  @Option(
      names = "--stage",
      description =
          "Measure the Kafka Streams stage (exactly-once, embedded broker) instead of the library.")
  boolean stage;

  @Option(
      names = "--model",
      description =
          "A detector .onnx to measure (a fine-tuned one, say) instead of the bundled PP-OCRv4.")
  java.nio.file.Path modelFile;

  @Option(
      names = "--batch-frames",
      description =
          "With --stage: frames per batch in the stage, or with --workers the most in flight, as"
              + " 'detect --batch-frames' (default: ${DEFAULT-VALUE}).")
  int batchFrames = 1;

  @Option(
      names = "--workers",
      description =
          "With --stage: detect frames side by side on this many threads, as 'detect --workers'"
              + " (default: 0 = as detect chooses: 2 on the CPU, 1 with CUDA).")
  int workers = 0;

  @Spec CommandSpec spec;

  /** The bundled detector, or the file given with --model. */
  private OnnxDetectorModel model() throws java.io.IOException {
    return model(threads);
  }

  private OnnxDetectorModel model(int threads) throws java.io.IOException {
    ExecutionProvider chosen = ExecutionProvider.parse(provider);
    if (modelFile == null) {
      return OnnxDetectorModel.pretrained(chosen, threads);
    }
    return OnnxDetectorModel.load(
        java.nio.file.Files.readAllBytes(modelFile), modelFile.toString(), chosen, threads);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (modelFile != null && !java.nio.file.Files.isRegularFile(modelFile)) {
      throw new IllegalArgumentException("--model " + modelFile + ": no such file");
    }
    if (warmupRounds < 1) {
      throw new IllegalArgumentException(
          "--warmup-rounds must be at least 1 (the stage's start-up is not timed), not "
              + warmupRounds);
    }
    if (this.frames < 0) {
      throw new IllegalArgumentException(
          "--frames must be 0 (the default) or more, not " + this.frames);
    }
    SceneRenderer renderer = new SceneRenderer(SceneConfig.defaults(), PlateFonts.load());
    List<BufferedImage> images = new ArrayList<>();
    int frames = this.frames > 0 ? this.frames : stage ? 96 : 16;
    for (int i = 0; i < frames; i++) images.add(renderer.render(500 + i).image());
    if (stage) {
      return stage(out, images);
    }
    try (OnnxDetectorModel model = model()) {
      out.printf(
          "detector benchmark: %d frames of 1280x720 (resized to 960x544), %d rounds, %s, %d cores,"
              + " model %s%n",
          frames,
          rounds,
          model.provider(),
          Runtime.getRuntime().availableProcessors(),
          model.version());
      List<DetectorBenchmark.Result> results =
          DetectorBenchmark.run(
              model,
              images,
              batches,
              rounds,
              line -> {
                out.println("  " + line);
                out.flush();
              });
      out.println("| variant | batch | frames/s median | range | library / raw |");
      out.println("|---|---|---|---|---|");
      for (int i = 0; i < results.size(); i += 2) {
        DetectorBenchmark.Result raw = results.get(i), library = results.get(i + 1);
        out.printf(
            "| %s | %d | %.2f | %.2f-%.2f | |%n",
            raw.variant(), raw.batch(), raw.medianFps(), raw.minFps(), raw.maxFps());
        out.printf(
            "| %s | %d | %.2f | %.2f-%.2f | %.2f |%n",
            library.variant(),
            library.batch(),
            library.medianFps(),
            library.minFps(),
            library.maxFps(),
            library.medianFps() / raw.medianFps());
      }
    }
    return 0;
  }

  private int stage(PrintWriter out, List<BufferedImage> images) throws Exception {
    int workers = DetectorWorkers.workers(this.workers, ExecutionProvider.parse(provider));
    Batching batching = DetectorWorkers.batching(batchFrames, 100, workers);
    int stageThreads = DetectorWorkers.intraOpThreads(threads, workers);
    try (OnnxDetectorModel model = model();
        OnnxDetectorModel staged = workers > 1 ? model(stageThreads) : null) {
      out.printf(
          "detector stage benchmark: %d frames of 1280x720 as JPEG on the embedded broker,"
              + " exactly-once, %s, %s intra-op thread(s) per run, %d warm-up and %d timed"
              + " rounds, %s, %d cores, model %s%n",
          images.size(),
          batching.sideBySide()
              ? String.format(
                  "%d workers side by side with at most %d frames in flight",
                  workers, batching.maxFrames())
              : String.format("batches of %d frame(s) in one run", batching.maxFrames()),
          stageThreads == 0 ? "the default" : String.valueOf(stageThreads),
          warmupRounds,
          rounds,
          model.provider(),
          Runtime.getRuntime().availableProcessors(),
          model.version());
      List<DetectorStageBenchmark.Round> results =
          DetectorStageBenchmark.run(
              model,
              staged == null ? model : staged,
              batching,
              images,
              warmupRounds,
              rounds,
              line -> {
                out.println("  " + line);
                out.flush();
              });
      RoundStats raw =
          RoundStats.of(
              results.stream().mapToDouble(DetectorStageBenchmark.Round::rawFps).toArray());
      RoundStats stageFps =
          RoundStats.of(
              results.stream().mapToDouble(DetectorStageBenchmark.Round::stageFps).toArray());
      RoundStats ratios =
          RoundStats.of(
              results.stream().mapToDouble(DetectorStageBenchmark.Round::ratio).toArray());
      RoundStats rawP50 = overRounds(results, r -> r.raw().p50());
      RoundStats rawP99 = overRounds(results, r -> r.raw().p99());
      RoundStats stageP50 = overRounds(results, r -> r.stage().p50());
      RoundStats stageP99 = overRounds(results, r -> r.stage().p99());
      out.println(
          "| variant | frames/s median | range | stage / raw, median (range) | latency p50 / p99"
              + " ms, median of rounds |");
      out.println("|---|---|---|---|---|");
      out.printf(
          "| raw ONNX Runtime, batch 1 | %.2f | %.2f-%.2f | | %.0f / %.0f (one run) |%n",
          raw.median(), raw.min(), raw.max(), rawP50.median(), rawP99.median());
      if (!batching.sideBySide() && batching.maxFrames() > 1) {
        baselineRow(
            out,
            "raw ONNX Runtime, batch " + batching.maxFrames(),
            results,
            DetectorStageBenchmark.Round::rawBatchFps,
            DetectorStageBenchmark.Round::batchRatio);
      }
      if (batching.sideBySide()) {
        baselineRow(
            out,
            "raw ONNX Runtime, " + workers + " runs side by side",
            results,
            DetectorStageBenchmark.Round::rawSideBySideFps,
            DetectorStageBenchmark.Round::sideBySideRatio);
        baselineRow(
            out,
            "detector library side by side (decode, detect, crop JPEGs; no Kafka)",
            results,
            DetectorStageBenchmark.Round::librarySideBySideFps,
            DetectorStageBenchmark.Round::libraryRatio);
      }
      out.printf(
          "| detector stage | %.2f | %.2f-%.2f | %.2f (%.2f-%.2f) | %.0f / %.0f (in the stage) |%n",
          stageFps.median(),
          stageFps.min(),
          stageFps.max(),
          ratios.median(),
          ratios.min(),
          ratios.max(),
          stageP50.median(),
          stageP99.median());
      if (results.stream().allMatch(r -> r.cpu().measured())) {
        cpuTable(out, results);
      }
    }
    return 0;
  }

  /**
   * CPU milliseconds per frame by thread group (side by side only): steadier than rates on a shared
   * machine, and it splits off the in-process broker, which a deployed stage does not carry.
   * Garbage collection is counted with each arrangement: one heap, so the stage's share also holds
   * the broker's garbage.
   */
  private static void cpuTable(PrintWriter out, List<DetectorStageBenchmark.Round> results) {
    out.println();
    out.println(
        "| CPU ms per frame, garbage collection included | median | range |"
            + " raw side by side / this, median (range) |");
    out.println("|---|---|---|---|");
    cpuRow(out, "raw ONNX Runtime side by side", results, r -> r.cpu().raw().total(), false);
    cpuRow(out, "detector library side by side", results, r -> r.cpu().library().total(), true);
    cpuRow(out, "detector stage", results, r -> r.cpu().stage().total(), true);
    cpuRow(
        out,
        "- of which its own threads (workers, stream thread, Kafka clients)",
        results,
        r -> r.cpu().stage().threads(),
        false);
    cpuRow(
        out,
        "- - of which the stream thread and Kafka clients",
        results,
        r -> r.cpu().stageKafka(),
        false);
    cpuRow(
        out,
        "- of which garbage collection (the in-process broker's garbage too)",
        results,
        r -> r.cpu().stage().gc(),
        false);
    cpuRow(out, "meanwhile, JIT compilers", results, r -> r.cpu().jit(), false);
    cpuRow(
        out,
        "meanwhile, the rest of the process (in-process broker and registry)",
        results,
        r -> r.cpu().rest(),
        false);
  }

  private static void cpuRow(
      PrintWriter out,
      String what,
      List<DetectorStageBenchmark.Round> results,
      java.util.function.ToDoubleFunction<DetectorStageBenchmark.Round> millis,
      boolean withRatio) {
    RoundStats cpu = overRounds(results, millis);
    String ratio = "";
    if (withRatio) {
      RoundStats ratios = overRounds(results, r -> r.cpu().raw().total() / millis.applyAsDouble(r));
      ratio = String.format("%.2f (%.2f-%.2f)", ratios.median(), ratios.min(), ratios.max());
    }
    out.printf("| %s | %.0f | %.0f-%.0f | %s |%n", what, cpu.median(), cpu.min(), cpu.max(), ratio);
  }

  /** A baseline's row: its frames/s over the rounds and the stage's ratio to it. */
  private static void baselineRow(
      PrintWriter out,
      String variant,
      List<DetectorStageBenchmark.Round> results,
      java.util.function.ToDoubleFunction<DetectorStageBenchmark.Round> fps,
      java.util.function.ToDoubleFunction<DetectorStageBenchmark.Round> ratio) {
    RoundStats rate = overRounds(results, fps);
    RoundStats ratios = overRounds(results, ratio);
    out.printf(
        "| %s | %.2f | %.2f-%.2f | stage / this: %.2f (%.2f-%.2f) | |%n",
        variant,
        rate.median(),
        rate.min(),
        rate.max(),
        ratios.median(),
        ratios.min(),
        ratios.max());
  }

  private static RoundStats overRounds(
      List<DetectorStageBenchmark.Round> results,
      java.util.function.ToDoubleFunction<DetectorStageBenchmark.Round> value) {
    return RoundStats.of(results.stream().mapToDouble(value).toArray());
  }
}

package io.platestream.bench.pipeline;

import io.platestream.bench.pipeline.PipelineBenchmark.Latency;
import io.platestream.bench.pipeline.PipelineBenchmark.Result;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The whole pipeline, cameras in and events out, against the models' raw ceiling. */
@Command(
    name = "pipeline",
    description = {
      "The whole pipeline, cameras to events, against the raw ceiling.",
      "Runs looping file cameras -> ingest -> detect -> recognize -> events on an embedded",
      "broker as the demo wires them, after a warm-up, and ONNX Runtime alone on the same frames",
      "and crops: frames/s per stage, drops and sheds, capture-to-event latency, CPU per frame",
      "by stage, and the ratio to the raw ceiling."
    })
public final class BenchPipelineCommand implements Callable<Integer> {

  @Option(names = "--cameras", description = "Looping file cameras (default: ${DEFAULT-VALUE}).")
  int cameras = 1;

  @Option(
      names = "--resolution",
      description = "Camera frames: 720 or 1080 (default: ${DEFAULT-VALUE}).")
  int resolution = 720;

  @Option(
      names = "--sample-fps",
      description = "Frames each camera publishes a second (default: ${DEFAULT-VALUE}).")
  int sampleFps = 3;

  @Option(names = "--warmup", description = "Seconds before measuring (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 20;

  @Option(names = "--duration", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
  int durationSeconds = 60;

  @Option(
      names = "--search-cameras",
      description =
          "Then add cameras one at a time, up to this many, while the p99 of capture (latest"
              + " read) to first event stays within 1 s; 0 skips it (default: ${DEFAULT-VALUE}).")
  int searchCameras = 0;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (resolution != 720 && resolution != 1080) {
      throw new IllegalArgumentException("--resolution must be 720 or 1080, got " + resolution);
    }
    Path work = Files.createTempDirectory("platestream-bench-pipeline");
    Result result = PipelineBenchmark.run(settings(cameras, work), out);
    print(out, result);
    if (searchCameras > cameras) {
      int sustained = withinOneSecond(result) ? cameras : 0;
      for (int n = cameras + 1; n <= searchCameras && sustained == n - 1; n++) {
        Result trial = PipelineBenchmark.run(settings(n, work), out);
        print(out, trial);
        if (withinOneSecond(trial)) {
          sustained = n;
        }
      }
      out.printf(
          "most cameras with p99 capture -> first event <= 1 s at %d fps, %dp: %d%n",
          sampleFps, resolution, sustained);
    }
    out.flush();
    return 0;
  }

  private PipelineBenchmark.Settings settings(int n, Path work) {
    int width = resolution == 1080 ? 1920 : 1280;
    return new PipelineBenchmark.Settings(
        n,
        width,
        resolution,
        sampleFps,
        Duration.ofSeconds(warmupSeconds),
        Duration.ofSeconds(durationSeconds),
        work);
  }

  private static boolean withinOneSecond(Result result) {
    Latency first = result.firstEventAfterLatestCapture();
    return first.count() > 0 && first.p99Ms() <= 1000;
  }

  static void print(PrintWriter out, Result r) {
    PipelineBenchmark.Settings s = r.settings();
    out.printf(
        Locale.ROOT,
        "pipeline: %d camera(s) %dx%d at %d fps, %d s measured after %d s warm-up, %d cores%n",
        s.cameras(),
        s.width(),
        s.height(),
        s.sampleFps(),
        s.measure().toSeconds(),
        s.warmup().toSeconds(),
        Runtime.getRuntime().availableProcessors());
    out.printf(
        Locale.ROOT,
        "  frames/s: offered %.2f, ingested %.2f, detected %.2f; reads/s %.2f (%.2f crops a frame);"
            + " dropped at ingest %d, shed by stages %d%n",
        r.offeredFps(),
        r.ingestFps(),
        r.detectFps(),
        r.readsPerSecond(),
        r.cropsPerFrame(),
        r.droppedAtIngest(),
        r.shed());
    out.printf(Locale.ROOT, "  passes closed %d%n", r.passes());
    latency(
        out, "capture of a pass's first read -> its first event", r.firstEventAfterFirstCapture());
    latency(out, "capture of the latest read -> first event", r.firstEventAfterLatestCapture());
    latency(out, "capture of the last read -> final event", r.finalEventAfterLastCapture());
    out.printf(
        Locale.ROOT,
        "  CPU ms per detected frame: ingest %.1f, detect %.1f, recognize %.1f (their Java"
            + " threads); ONNX Runtime's own threads, the broker, GC and the rest %.1f%n",
        r.ingestCpuMsPerFrame(),
        r.detectCpuMsPerFrame(),
        r.recognizeCpuMsPerFrame(),
        r.brokerAndOtherCpuMsPerFrame());
    out.printf(
        Locale.ROOT,
        "  raw ceiling (ONNX Runtime alone, batch 1): detector %.2f frames/s, recogniser %.1f"
            + " crops/s -> %.2f frames/s at %.2f crops a frame%n",
        r.rawDetectFps(),
        r.rawRecognizeCropsPerSecond(),
        r.rawCeilingFps(),
        r.cropsPerFrame());
    out.printf(
        Locale.ROOT,
        "  pipeline / raw ceiling: %.2f%s%n",
        r.ratio(),
        r.offeredFps() < r.rawCeilingFps()
            ? " (the cameras offered less than the ceiling: this bounds the ratio)"
            : "");
    out.flush();
  }

  private static void latency(PrintWriter out, String what, Latency l) {
    out.printf(
        Locale.ROOT,
        "  %s: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (%d events)%n",
        what,
        l.p50Ms(),
        l.p95Ms(),
        l.p99Ms(),
        l.count());
  }
}

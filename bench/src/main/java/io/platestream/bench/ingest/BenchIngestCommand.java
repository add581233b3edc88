package io.platestream.bench.ingest;

import io.platestream.bench.RoundStats;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.datasets.render.TrafficClip;
import io.platestream.datasets.render.TrafficClipRenderer;
import io.platestream.datasets.render.TrafficClipWriter;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.encode.JpegEncoder;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.Frame;
import io.platestream.schemas.Topics;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Ingest (decode, sample, encode, produce) against bare FFmpeg decoding of the same clip. */
@Command(
    name = "ingest",
    description = {
      "Ingest against bare FFmpeg decoding of the same H.264 clip.",
      "Runs on an embedded broker and reports CPU per second of video and how many",
      "real-time cameras are sustained at the sample rate."
    })
public final class BenchIngestCommand implements Callable<Integer> {

  @Option(
      names = "--clip",
      description =
          "H.264 clip to use (default: a rendered 1920x1080 25 fps clip, cached in target/).")
  Path clip;

  @Option(
      names = "--rounds",
      description = "Rounds of the flat-out comparison (default: ${DEFAULT-VALUE}).")
  int rounds = 5;

  @Option(names = "--sample-fps", description = "Sample rate (default: ${DEFAULT-VALUE}).")
  double sampleFps = 5;

  @Option(
      names = "--max-cameras",
      description = "Stop the capacity search here; 0 skips it (default: ${DEFAULT-VALUE}).")
  int maxCameras = 16;

  @Option(
      names = "--window",
      description = "Seconds measured per capacity trial (default: ${DEFAULT-VALUE}).")
  int windowSeconds = 15;

  @Option(
      names = "--encoder",
      description = "JPEG encoder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  JpegEncoder.Kind encoder = JpegEncoder.Kind.FFMPEG;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path video = clip != null ? clip : renderedClip(out);
    Path state = Files.createTempDirectory("platestream-bench-ingest");
    try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
      platform.kafka().createTopics(1, Topics.FRAMES);
      IngestSettings settings = IngestSettings.defaults(state).withEncoder(encoder);
      try (Producer<String, Frame> producer =
          FrameProducers.create(
              platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of())) {
        IngestBenchmark bench = new IngestBenchmark(video, settings, producer);
        out.printf(
            "ingest benchmark: %s (%.1f s of video), %s encoder, %.1f fps sampled, %d cores%n",
            video.getFileName(),
            bench.clipSeconds(),
            encoder,
            sampleFps,
            Runtime.getRuntime().availableProcessors());
        out.flush();
        bench.bareDecode(); // warm-up: natives loaded, JIT warm
        bench.pipeline(sampleFps);
        List<Double> bare = new ArrayList<>();
        List<Double> pipeline = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
          IngestBenchmark.Cost decode = bench.bareDecode();
          IngestBenchmark.Cost ingest = bench.pipeline(sampleFps);
          bare.add(decode.cpuPerVideoSecond());
          pipeline.add(ingest.cpuPerVideoSecond());
          ratios.add(ingest.cpuPerVideoSecond() / decode.cpuPerVideoSecond());
          out.printf(
              "  round %d: bare decode %d frames, %.3f CPU s per video s; ingest %d frames published, %.3f CPU s per video s (%.1f ms CPU per published frame); ratio %.2f%n",
              round,
              decode.frames(),
              decode.cpuPerVideoSecond(),
              ingest.frames(),
              ingest.cpuPerVideoSecond(),
              1000 * ingest.cpuSeconds() / ingest.frames(),
              ingest.cpuPerVideoSecond() / decode.cpuPerVideoSecond());
          out.flush();
        }
        out.println("| variant | CPU s per video s, median | range | ingest / bare decode |");
        out.println("|---|---|---|---|");
        RoundStats bareStats = RoundStats.of(bare);
        RoundStats pipelineStats = RoundStats.of(pipeline);
        RoundStats ratioStats = RoundStats.of(ratios);
        out.printf(
            "| bare FFmpeg decode | %.3f | %.3f-%.3f | |%n",
            bareStats.median(), bareStats.min(), bareStats.max());
        out.printf(
            "| ingest (decode+sample+encode+produce) | %.3f | %.3f-%.3f | %.2f (range %.2f-%.2f) |%n",
            pipelineStats.median(),
            pipelineStats.min(),
            pipelineStats.max(),
            ratioStats.median(),
            ratioStats.min(),
            ratioStats.max());
        if (maxCameras > 0) {
          capacity(out, bench);
        }
      }
    }
    return 0;
  }

  private void capacity(PrintWriter out, IngestBenchmark bench) throws InterruptedException {
    out.println(
        "Capacity: real-time cameras (the clip looped at its own pace), each trial after 3 s warm-up:");
    out.println("| cameras | slowest camera fps out | median fps out | max lag ms | sustained |");
    out.println("|---|---|---|---|---|");
    out.flush();
    List<IngestBenchmark.Trial> trials =
        bench.capacity(
            maxCameras,
            sampleFps,
            Duration.ofSeconds(3),
            Duration.ofSeconds(windowSeconds),
            t -> {
              out.printf(
                  "| %d | %.2f | %.2f | %d | %s |%n",
                  t.cameras(),
                  t.minFpsOut(),
                  t.medianFpsOut(),
                  t.maxLagMs(),
                  t.sustained() ? "yes" : "no");
              out.flush();
            });
    int sustained =
        trials.stream()
            .filter(IngestBenchmark.Trial::sustained)
            .mapToInt(IngestBenchmark.Trial::cameras)
            .max()
            .orElse(0);
    out.printf("Sustained: %d camera(s) at %.1f fps sampled.%n", sustained, sampleFps);
  }

  private static Path renderedClip(PrintWriter out) throws Exception {
    Path mp4 = Path.of("target", "bench", "clip-1920x1080-25fps.mp4").toAbsolutePath();
    if (!Files.exists(mp4)) {
      out.println("Rendering a 1920x1080 25 fps benchmark clip into " + mp4 + " ...");
      out.flush();
      TrafficClipRenderer renderer =
          new TrafficClipRenderer(
              new SceneRenderer(SceneConfig.defaults().withSize(1920, 1080), PlateFonts.load()));
      TrafficClip plan = renderer.plan(2026, 25, 4);
      Path partial = mp4.resolveSibling("partial-" + mp4.getFileName());
      new TrafficClipWriter(renderer).write(plan, partial);
      Files.move(partial, mp4);
    }
    return mp4;
  }
}

package io.platestream.bench.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.bench.detector.DetectorBenchmark;
import io.platestream.bench.detector.ThreadCpu;
import io.platestream.bench.recognizer.RecognizerBenchmark;
import io.platestream.datasets.render.SampleClip;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.ingest.IngestService;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.pipeline.DetectorStage;
import io.platestream.pipeline.KafkaConnection;
import io.platestream.pipeline.OpenModels;
import io.platestream.pipeline.RecognizerStage;
import io.platestream.pipeline.StageTopics;
import io.platestream.pipeline.StreamsStage;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.Producer;

/**
 * The whole pipeline as the demo wires it (looping file cameras, ingest, detect, recognize, events
 * on the embedded broker), measured for a fixed time after a warm-up, and in the same run the raw
 * ceiling: ONNX Runtime alone running the detector on the same frames and the recogniser on the
 * same crops, one run at a time. The ratio of the pipeline's detected frames per second to that
 * ceiling is the headline; it only says how close the pipeline gets to the models' speed when the
 * cameras offer more frames than the ceiling (otherwise it is bounded by what is offered).
 */
public final class PipelineBenchmark {
  private static final String DETECT_APP = "platestream-bench-detect";
  private static final String RECOGNIZE_APP = "platestream-bench-recognize";

  /** What to run: {@code cameras} looping clips of {@code width} x {@code height}. */
  public record Settings(
      int cameras,
      int width,
      int height,
      int sampleFps,
      Duration warmup,
      Duration measure,
      Path workDir) {
    public Settings {
      if (cameras < 1 || sampleFps < 1) {
        throw new IllegalArgumentException("cameras and --sample-fps must be at least 1");
      }
      if (measure.isZero() || measure.isNegative()) {
        throw new IllegalArgumentException("the measured time must be positive");
      }
    }
  }

  /** Percentiles of a latency in milliseconds; count 0 when nothing was measured. */
  public record Latency(int count, double p50Ms, double p95Ms, double p99Ms) {
    static Latency of(List<Long> millis) {
      if (millis.isEmpty()) {
        return new Latency(0, Double.NaN, Double.NaN, Double.NaN);
      }
      long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
      return new Latency(sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double p) {
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
  }

  /** One run's figures (rates over the measured window; CPU per detected frame). */
  public record Result(
      Settings settings,
      double offeredFps,
      double ingestFps,
      double detectFps,
      double readsPerSecond,
      double cropsPerFrame,
      long shed,
      long droppedAtIngest,
      int passes,
      Latency firstEventAfterFirstCapture,
      Latency firstEventAfterLatestCapture,
      Latency finalEventAfterLastCapture,
      double ingestCpuMsPerFrame,
      double detectCpuMsPerFrame,
      double recognizeCpuMsPerFrame,
      double brokerAndOtherCpuMsPerFrame,
      double rawDetectFps,
      double rawRecognizeCropsPerSecond) {

    /** Frames per second ONNX Runtime alone manages with this many crops a frame. */
    public double rawCeilingFps() {
      if (rawDetectFps <= 0) {
        return Double.NaN;
      }
      double crops =
          rawRecognizeCropsPerSecond > 0 ? cropsPerFrame / rawRecognizeCropsPerSecond : 0;
      return 1 / (1 / rawDetectFps + crops);
    }

    public double ratio() {
      return detectFps / rawCeilingFps();
    }
  }

  private PipelineBenchmark() {}

  public static Result run(Settings settings, PrintWriter progress) throws Exception {
    Path clip =
        SampleClip.ensure(
            settings.workDir().resolve("clips"), 2, settings.width(), settings.height(), progress);
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    try (EmbeddedPlatform platform = EmbeddedPlatform.start();
        SchemaRegistryClient registry = platform.newRegistryClient()) {
      KafkaConnection kafka =
          new KafkaConnection(platform.bootstrapServers(), platform.schemaRegistryUrl(), 1);
      kafka.ensureTopics(StageTopics.all());
      Window window;
      try (OpenModels models = OpenModels.open(kafka, registry, Topics.ARTIFACTS, null);
          DetectorStage detector =
              DetectorStage.open(registry, models, DetectorStage.Settings.defaults(), meters);
          RecognizerStage recognizer =
              RecognizerStage.open(registry, models, RecognizerStage.Settings.defaults(), meters);
          Producer<String, Frame> producer =
              FrameProducers.create(
                  platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
          IngestService ingest =
              new IngestService(
                  IngestSettings.defaults(settings.workDir().resolve("ingest")),
                  FfmpegVideoSource::open,
                  producer,
                  meters);
          StreamsStage detect =
              StreamsStage.start(
                  "detect",
                  DETECT_APP,
                  detector.topology(),
                  platform.bootstrapServers(),
                  settings.workDir().resolve("detect"),
                  meters);
          StreamsStage recognize =
              StreamsStage.start(
                  "recognize",
                  RECOGNIZE_APP,
                  recognizer.topology(),
                  platform.bootstrapServers(),
                  settings.workDir().resolve("recognize"),
                  meters);
          EventClock events = new EventClock(platform.bootstrapServers(), registry)) {
        List<CameraConfig> cameras = new ArrayList<>();
        for (int i = 0; i < settings.cameras(); i++) {
          cameras.add(
              CameraConfig.of("cam-" + i, clip.toString())
                  .withLoop(true)
                  .withSampleFps(settings.sampleFps()));
        }
        ingest.apply(cameras);
        progress.printf(
            "%d camera(s) of %dx%d at %d fps: warming up for %d s...%n",
            settings.cameras(),
            settings.width(),
            settings.height(),
            settings.sampleFps(),
            settings.warmup().toSeconds());
        progress.flush();
        Thread.sleep(settings.warmup().toMillis());
        Snapshot before = Snapshot.take(meters, ingest.statuses());
        events.startWindow();
        progress.printf("measuring for %d s...%n", settings.measure().toSeconds());
        progress.flush();
        Thread.sleep(settings.measure().toMillis());
        Snapshot after = Snapshot.take(meters, ingest.statuses());
        window = new Window(before, after, events.endWindow());
        ingest.stopAll();
      }
      progress.println("the raw ceiling: ONNX Runtime alone on frames and crops of this run...");
      progress.flush();
      Ceiling ceiling = Ceiling.measure(platform.bootstrapServers(), registry);
      return window.result(settings, ceiling);
    }
  }

  /** Counters and CPU at one moment. */
  private record Snapshot(
      long nanos,
      long published,
      long dropped,
      double detected,
      double reads,
      double crops,
      double shed,
      ThreadCpu.Reading cpu) {
    static Snapshot take(MeterRegistry meters, List<CameraStatus> cameras) {
      return new Snapshot(
          System.nanoTime(),
          cameras.stream().mapToLong(CameraStatus::publishedFrames).sum(),
          cameras.stream().mapToLong(CameraStatus::droppedFrames).sum(),
          count(meters, "platestream.detector.frames"),
          count(meters, "platestream.recognizer.reads"),
          count(meters, "platestream.detector.plates"),
          count(meters, "platestream.stage.shed"),
          ThreadCpu.available() ? ThreadCpu.read() : null);
    }

    private static double count(MeterRegistry meters, String name) {
      return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }
  }

  /** The measured window: counters before and after, and the events that arrived in it. */
  private record Window(Snapshot before, Snapshot after, EventClock.Latencies events) {
    Result result(Settings settings, Ceiling ceiling) {
      double seconds = (after.nanos() - before.nanos()) / 1e9;
      double detected = after.detected() - before.detected();
      double crops = after.crops() - before.crops();
      double ingestCpu = Double.NaN, detectCpu = Double.NaN, recognizeCpu = Double.NaN;
      double otherCpu = Double.NaN;
      if (before.cpu() != null && after.cpu() != null && detected > 0) {
        long ingest =
            after
                .cpu()
                .threadNanosSince(
                    before.cpu(),
                    n ->
                        n != null && (n.startsWith("ingest-") || n.contains("platestream-ingest")));
        long detect =
            after
                .cpu()
                .threadNanosSince(
                    before.cpu(),
                    n -> n != null && (n.contains(DETECT_APP) || n.startsWith("detector-worker")));
        long recognize =
            after.cpu().threadNanosSince(before.cpu(), n -> n != null && n.contains(RECOGNIZE_APP));
        long process = after.cpu().processNanosSince(before.cpu());
        ingestCpu = ingest / 1e6 / detected;
        detectCpu = detect / 1e6 / detected;
        recognizeCpu = recognize / 1e6 / detected;
        otherCpu = (process - ingest - detect - recognize) / 1e6 / detected;
      }
      return new Result(
          settings,
          settings.cameras() * settings.sampleFps(),
          (after.published() - before.published()) / seconds,
          detected / seconds,
          (after.reads() - before.reads()) / seconds,
          detected > 0 ? crops / detected : 0,
          Math.round(after.shed() - before.shed()),
          after.dropped() - before.dropped(),
          events.passes(),
          Latency.of(events.firstAfterFirstCapture()),
          Latency.of(events.firstAfterLatestCapture()),
          Latency.of(events.finalAfterLastCapture()),
          ingestCpu,
          detectCpu,
          recognizeCpu,
          otherCpu,
          ceiling.detectFps(),
          ceiling.recognizeCropsPerSecond());
    }
  }

  /** ONNX Runtime alone, one run at a time with its default threads, batch 1. */
  private record Ceiling(double detectFps, double recognizeCropsPerSecond) {
    static Ceiling measure(String bootstrap, SchemaRegistryClient registry) throws IOException {
      List<BufferedImage> frames = new ArrayList<>();
      for (Frame frame :
          KafkaClients.readAll(
              bootstrap,
              Topics.FRAMES,
              new AvroDeserializer<>(Frame.class, registry),
              Duration.ofSeconds(30))) {
        if (frames.size() >= 24) break;
        frames.add(image(frame.getJpeg()));
      }
      List<BufferedImage> crops = new ArrayList<>();
      for (PlateDetection detection :
          KafkaClients.readAll(
              bootstrap,
              Topics.PLATES,
              new AvroDeserializer<>(PlateDetection.class, registry),
              Duration.ofSeconds(30))) {
        if (crops.size() >= 64) break;
        crops.add(image(detection.getCrop()));
      }
      double detect = 0;
      if (!frames.isEmpty()) {
        try (OnnxDetectorModel model = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 0)) {
          detect =
              DetectorBenchmark.run(model, frames, new int[] {1}, 3, line -> {}).stream()
                  .filter(r -> r.variant().startsWith("raw"))
                  .findFirst()
                  .orElseThrow()
                  .medianFps();
        }
      }
      double recognize = 0;
      if (!crops.isEmpty()) {
        try (OnnxRecognizerModel model = OnnxRecognizerModel.pretrained(0)) {
          recognize =
              RecognizerBenchmark.run(model, crops, new int[] {1}, 3, line -> {}).stream()
                  .filter(r -> r.variant().startsWith("raw"))
                  .findFirst()
                  .orElseThrow()
                  .medianCropsPerSecond();
        }
      }
      return new Ceiling(detect, recognize);
    }

    private static BufferedImage image(ByteBuffer jpeg) throws IOException {
      ByteBuffer copy = jpeg.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return ImageIO.read(new ByteArrayInputStream(bytes));
    }
  }
}

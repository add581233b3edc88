package io.platestream.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.datasets.metrics.EndToEndMetrics;
import io.platestream.datasets.metrics.PassEvaluator;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.detector.stage.Batching;
import io.platestream.detector.stage.DetectorMetrics;
import io.platestream.detector.stage.DetectorTopology;
import io.platestream.ingest.IngestService;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.models.serving.ModelFollower;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.platform.StreamsStageConfig;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.stage.CropReader;
import io.platestream.recognizer.stage.PassTracker;
import io.platestream.recognizer.stage.RecognizerMetrics;
import io.platestream.recognizer.stage.RecognizerTopology;
import io.platestream.schemas.Frame;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.SinkService;
import io.platestream.sink.hotlist.HotlistTopology;
import io.platestream.sink.web.Access;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline in one JVM on embedded defaults: broker and registry, a rendered sample clip
 * as a camera (or real cameras), ingest, the detector and recogniser stages with the bundled
 * pretrained models, and every plate event printed as it happens.
 */
@Command(
    name = "demo",
    description = {
      "Run the whole pipeline on one machine, with nothing installed.",
      "Starts an embedded Kafka broker and schema registry, serves a sample traffic clip as a",
      "camera, runs ingest -> detect -> recognize and prints plate events on the console."
    })
final class DemoCommand extends LongRunningCommand {

  @Option(
      names = "--registry-port",
      description =
          "Port of the embedded schema registry (0 = any free port; default: ${DEFAULT-VALUE}).")
  int registryPort = 0;

  @Option(
      names = "--camera",
      description = "A camera as ID=URL or URL, instead of the sample clip (repeatable).")
  List<String> cameraFlags = new ArrayList<>();

  @Option(
      names = "--sample-vehicles",
      description = "Vehicles in the rendered sample clip (default: ${DEFAULT-VALUE}).")
  int sampleVehicles = 6;

  @Option(
      names = "--sample-fps",
      description =
          "Frames per second taken from each camera (default: ${DEFAULT-VALUE}: what 2 CPU cores"
              + " detect and read in real time with the pretrained models).")
  double sampleFps = 3;

  @Option(
      names = "--detector",
      description =
          "Serve this detector .onnx (a fine-tuned one, say) instead of the bundled one: it is"
              + " published to the embedded registry and promoted before the stages start.")
  Path detectorFile;

  @Option(
      names = "--recognizer",
      description =
          "Serve this recogniser .onnx instead of the bundled one (same dictionary), published"
              + " and promoted the same way.")
  Path recognizerFile;

  @Mixin ShadowOptions shadowing;

  @Option(
      names = "--password",
      defaultValue = "${env:PLATESTREAM_PASSWORD}",
      description =
          "Dashboard password for user demo, 8+ characters (default: $PLATESTREAM_PASSWORD; if"
              + " unset, a random one is printed).")
  String password;

  private static final ObjectMapper CAMERA_ROWS = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (Path file : java.util.Arrays.asList(detectorFile, recognizerFile)) {
      if (file != null && !Files.isRegularFile(file)) {
        throw new IllegalArgumentException("model file " + file + " does not exist");
      }
    }
    Path state = run.stateDir("demo");
    if (password == null || password.isBlank()) {
      password = Access.randomPassword();
    }
    Access access =
        new Access("demo", password, List.of(), Duration.ofHours(12), Clock.systemUTC());
    // The embedded broker is new on every run: stream state left by a previous one describes
    // another cluster's offsets, so it goes (the sample clip stays).
    deleteRecursively(state.resolve("detect"));
    deleteRecursively(state.resolve("recognize"));
    deleteRecursively(state.resolve("sink"));
    out.println("Starting the embedded Kafka broker and schema registry...");
    out.flush();
    try (EmbeddedPlatform platform = EmbeddedPlatform.start(registryPort);
        SchemaRegistryClient registry = platform.newRegistryClient()) {
      out.printf("  Kafka broker     %s%n", platform.bootstrapServers());
      out.printf("  Schema registry  %s%n", platform.schemaRegistryUrl());
      Path sample = cameraFlags.isEmpty() ? SampleClip.ensure(state, sampleVehicles, out) : null;
      List<CameraConfig> cameras = cameras(sample);
      platform
          .kafka()
          .createTopics(
              1,
              Topics.FRAMES,
              Topics.PLATES,
              Topics.READS,
              Topics.EVENTS,
              Topics.deadLetter(Topics.FRAMES),
              Topics.deadLetter(Topics.PLATES),
              Topics.deadLetter(Topics.EVENTS),
              Topics.ALERTS,
              Topics.SHADOW);
      out.println(
          "Loading the bundled PP-OCRv4 detector and recogniser (model registry version 1)...");
      PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
      out.flush();
      platform
          .kafka()
          .createTopics(
              1,
              Map.of("cleanup.policy", "compact"),
              Topics.MODELS,
              Topics.ARTIFACTS,
              Topics.WATCHLISTS);
      try (ModelOptions.OpenModels models =
              bootstrapped(
                  ModelOptions.open(
                      platform.bootstrapServers(),
                      registry,
                      Topics.MODELS,
                      Topics.ARTIFACTS,
                      null));
          ModelFollower<ServedModels.Detector> detector =
              ServedModels.detector(
                  models.registry(), models.store(), ExecutionProvider.AUTO, 0, meters);
          ModelFollower<ServedModels.Recognizer> recognizer =
              ServedModels.recognizer(
                  models.registry(), models.store(), PlateGrammar.chineseMainland(), 0, meters);
          ServedModels.Shadowed<PlateDetector> detectorShadow =
              ServedModels.detectorShadow(
                  models.registry(),
                  models.store(),
                  ExecutionProvider.AUTO,
                  0,
                  shadowing.share,
                  meters);
          ServedModels.Shadowed<CropReader> recognizerShadow =
              ServedModels.recognizerShadow(
                  models.registry(),
                  models.store(),
                  PlateGrammar.chineseMainland(),
                  0,
                  shadowing.share,
                  meters);
          Producer<String, Frame> producer =
              FrameProducers.create(
                  platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
          IngestService ingest =
              new IngestService(
                  IngestSettings.defaults(state.resolve("ingest")),
                  FfmpegVideoSource::open,
                  producer,
                  meters);
          Stage detect =
              new Stage(
                  DetectorTopology.build(
                      registry,
                      detector.holder().map(ServedModels.Detector::detector),
                      detectorShadow.shadow(),
                      new DetectorMetrics(meters),
                      Batching.none(),
                      Topics.FRAMES,
                      Topics.PLATES),
                  "platestream-demo-detect",
                  platform,
                  state.resolve("detect"));
          Stage recognize =
              new Stage(
                  RecognizerTopology.build(
                      registry,
                      recognizer.holder().map(ServedModels.Recognizer::reader),
                      recognizerShadow.shadow(),
                      PlateGrammar.chineseMainland()::accepts,
                      PassTracker.Settings.defaults(),
                      new RecognizerMetrics(meters),
                      RecognizerTopology.TopicNames.defaults()),
                  "platestream-demo-recognize",
                  platform,
                  state.resolve("recognize"));
          EventPrinter printer = new EventPrinter(platform.bootstrapServers(), registry, out);
          SinkService sink =
              SinkService.start(
                  platform.bootstrapServers(),
                  registry,
                  new SinkService.Settings(
                      "127.0.0.1",
                      run.httpPort(8080),
                      access,
                      10_000,
                      null,
                      null,
                      null,
                      state.resolve("sink"),
                      HotlistTopology.TopicNames.defaults()),
                  meters,
                  () -> cameraRows(ingest.statuses()),
                  Map.of(
                      "/api/status",
                      () ->
                          status(
                              ingest,
                              detect,
                              recognize,
                              ModelStatusPage.of(detector, detectorShadow.follower()),
                              ModelStatusPage.of(recognizer, recognizerShadow.follower()))))) {
        ingest.apply(cameras);
        out.printf(
            "Pipeline running: %d camera(s) -> ingest -> detect -> recognize -> dashboard.%n",
            cameras.size());
        out.printf(
            "Dashboard  %s  (user %s, password %s); pipeline status at /api/status, metrics at"
                + " /metrics. Ctrl-C stops.%n",
            sink.url(), access.user(), password);
        out.flush();
        PipelineSummary summary =
            new PipelineSummary(new PipelineSummary.Totals(0, 0, 0, 0, 0, System.nanoTime()));
        ScheduledExecutorService summaries = Executors.newSingleThreadScheduledExecutor();
        summaries.scheduleAtFixedRate(
            () -> printSummary(out, summary, published(ingest.statuses()), meters, printer),
            5,
            5,
            TimeUnit.SECONDS);
        try {
          run.awaitStop();
        } finally {
          summaries.shutdownNow();
        }
        out.println("Stopping...");
        out.flush();
        long published = published(ingest.stopAll());
        Thread.sleep(PassTracker.Settings.defaults().idleTimeoutMs() + 1500); // last passes close
        printSummary(out, summary, published, meters, printer);
        if (sample != null) {
          printAgainstGroundTruth(out, printer.events(), SampleClip.plates(sample));
        }
      }
    }
    return 0;
  }

  private List<CameraConfig> cameras(Path sample) {
    if (sample != null) {
      return List.of(
          CameraConfig.of("sample", sample.toString()).withLoop(true).withSampleFps(sampleFps));
    }
    return CameraFlags.parse(cameraFlags, sampleFps, false);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(path);
      }
    }
  }

  /** The registry with the bundled pair published as version 1 if it is empty. */
  private ModelOptions.OpenModels bootstrapped(ModelOptions.OpenModels models)
      throws java.io.IOException {
    PretrainedModels.bootstrap(models.registry(), models.catalog());
    serve(models, PretrainedModels.DETECTOR, detectorFile, "--detector");
    serve(models, PretrainedModels.RECOGNIZER, recognizerFile, "--recognizer");
    return models;
  }

  /** Publishes a model file given on the command line and promotes it over the bundled one. */
  private void serve(ModelOptions.OpenModels models, String name, Path file, String flag)
      throws java.io.IOException {
    if (file == null) {
      return;
    }
    ModelVersion bundled = models.registry().production(name).orElseThrow();
    ModelVersion given =
        models
            .catalog()
            .publish(
                name,
                Files.readAllBytes(file),
                bundled.getDictionary(),
                Map.of(),
                bundled.getVersion(),
                "demo " + flag + " " + file);
    models.catalog().promote(name, given.getVersion(), "demo " + flag);
    PrintWriter out = spec.commandLine().getOut();
    out.printf("  Serving %s v%d from %s%n", name, given.getVersion(), file);
    out.flush();
  }

  private static Map<String, Object> status(
      IngestService ingest,
      Stage detect,
      Stage recognize,
      Map<String, Object> detectModel,
      Map<String, Object> recognizeModel) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("cameras", ingest.statuses());
    status.put("detect", Map.of("state", detect.streams.state().name()));
    status.put("detectModel", detectModel.get("model"));
    status.put("recognize", Map.of("state", recognize.streams.state().name()));
    status.put("recognizeModel", recognizeModel.get("model"));
    return status;
  }

  /** Ingest's camera statuses as the dashboard's camera rows. */
  private static List<Map<String, Object>> cameraRows(List<CameraStatus> cameras) {
    return cameras.stream()
        .map(c -> CAMERA_ROWS.convertValue(c, new TypeReference<Map<String, Object>>() {}))
        .toList();
  }

  private static long published(List<CameraStatus> cameras) {
    return cameras.stream().mapToLong(CameraStatus::publishedFrames).sum();
  }

  private static void printSummary(
      PrintWriter out,
      PipelineSummary summary,
      long frames,
      PrometheusMeterRegistry meters,
      EventPrinter printer) {
    synchronized (out) {
      out.println(
          summary.line(
              new PipelineSummary.Totals(
                  frames,
                  count(meters, "platestream.detector.frames"),
                  count(meters, "platestream.detector.plates"),
                  count(meters, "platestream.recognizer.reads"),
                  printer.events().size(),
                  System.nanoTime())));
      out.flush();
    }
  }

  private static long count(PrometheusMeterRegistry meters, String name) {
    return (long) meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Pass-level plate precision and recall against the clip's ground truth passes. */
  private static void printAgainstGroundTruth(
      PrintWriter out, List<PlateEvent> events, List<String> truth) {
    EndToEndMetrics m =
        PassEvaluator.evaluate(events.stream().map(e -> e.getPlate().toString()).toList(), truth);
    out.printf(
        "Against the sample clip's ground truth: %d event(s), %d with a plate of the clip;"
            + " %d of %d plates found. Precision %.2f, recall %.2f, F %.2f.%n",
        m.predictions(),
        m.hits(),
        PassEvaluator.platesFound(m),
        m.groundTruths(),
        m.precision(),
        m.recall(),
        m.fMeasure());
    out.flush();
  }

  /** One stage's Kafka Streams client, closed by leaving the group. */
  private static final class Stage implements AutoCloseable {
    final KafkaStreams streams;

    Stage(Topology topology, String applicationId, EmbeddedPlatform platform, Path stateDir) {
      streams =
          new KafkaStreams(
              topology,
              StreamsStageConfig.properties(applicationId, platform.bootstrapServers(), stateDir));
      streams.start();
    }

    @Override
    public void close() {
      streams.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
  }
}

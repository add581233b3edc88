package io.platestream.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.datasets.render.SampleClip;
import io.platestream.ingest.IngestService;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.models.registry.PretrainedModels;
import io.platestream.pipeline.DemoConsole;
import io.platestream.pipeline.DetectorStage;
import io.platestream.pipeline.EventPrinter;
import io.platestream.pipeline.IngestLedgers;
import io.platestream.pipeline.KafkaConnection;
import io.platestream.pipeline.OpenModels;
import io.platestream.pipeline.RecognizerStage;
import io.platestream.pipeline.StageTopics;
import io.platestream.pipeline.StreamsStage;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.recognizer.stage.PassTracker;
import io.platestream.schemas.Frame;
import io.platestream.schemas.ModelVersion;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.sink.SinkService;
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
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline in one JVM on embedded defaults: broker and registry, a rendered sample clip
 * as a camera (or real cameras), ingest, the detector and recognizer stages with the bundled
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
          "Serve this recognizer .onnx instead of the bundled one (same dictionary), published"
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
      KafkaConnection kafka =
          new KafkaConnection(platform.bootstrapServers(), platform.schemaRegistryUrl(), 1);
      kafka.ensureTopics(StageTopics.all());
      out.println(
          "Loading the bundled PP-OCRv4 detector and recognizer (model registry version 1)...");
      PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
      out.flush();
      try (OpenModels models = served(OpenModels.open(kafka, registry, Topics.ARTIFACTS, null));
          DetectorStage detector =
              DetectorStage.open(
                  registry,
                  models,
                  DetectorStage.Settings.defaults().withShadowShare(shadowing.share),
                  meters);
          RecognizerStage recognizer =
              RecognizerStage.open(
                  registry,
                  models,
                  RecognizerStage.Settings.defaults().withShadowShare(shadowing.share),
                  meters);
          Producer<String, Frame> producer =
              FrameProducers.create(
                  platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
          IngestService ingest =
              new IngestService(
                  IngestSettings.defaults(state.resolve("ingest")),
                  FfmpegVideoSource::open,
                  producer,
                  meters,
                  IngestLedgers.open(
                      platform.bootstrapServers(),
                      platform.schemaRegistryUrl(),
                      Map.of(),
                      registry));
          StreamsStage detect =
              StreamsStage.start(
                  "detect",
                  "platestream-demo-detect",
                  detector.topology(),
                  platform.bootstrapServers(),
                  state.resolve("detect"),
                  meters);
          StreamsStage recognize =
              StreamsStage.start(
                  "recognize",
                  "platestream-demo-recognize",
                  recognizer.topology(),
                  platform.bootstrapServers(),
                  state.resolve("recognize"),
                  meters);
          EventPrinter printer = new EventPrinter(platform.bootstrapServers(), registry, out);
          SinkService sink =
              SinkService.start(
                  platform.bootstrapServers(),
                  registry,
                  SinkService.Settings.of(access, state.resolve("sink"))
                      .withHttp("127.0.0.1", run.httpPort(8080)),
                  meters,
                  () -> cameraRows(ingest.statuses()),
                  Map.of(
                      "/api/status",
                      () ->
                          status(
                              ingest,
                              detect,
                              recognize,
                              detector.status(),
                              recognizer.status())))) {
        ingest.apply(cameras);
        out.printf(
            "Pipeline running: %d camera(s) -> ingest -> detect -> recognize -> dashboard.%n",
            cameras.size());
        out.printf(
            "Dashboard  %s  (user %s, password %s); pipeline status at /api/status, metrics at"
                + " /metrics. Ctrl-C stops.%n",
            sink.url(), access.user(), password);
        out.flush();
        try (DemoConsole console =
            new DemoConsole(out, meters, printer, () -> published(ingest.statuses()), 5)) {
          run.awaitStop();
          console.close();
          out.println("Stopping...");
          out.flush();
          long published = published(ingest.stopAll());
          Thread.sleep(PassTracker.Settings.defaults().idleTimeoutMs() + 1500); // passes close
          console.printSummary(published);
          console.printEventDelays();
          if (sample != null) {
            console.printAgainstGroundTruth(SampleClip.plates(sample));
          }
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

  /** The registry with the model files given on the command line promoted over the bundled pair. */
  private OpenModels served(OpenModels models) throws java.io.IOException {
    serve(models, PretrainedModels.DETECTOR, detectorFile, "--detector");
    serve(models, PretrainedModels.RECOGNIZER, recognizerFile, "--recognizer");
    return models;
  }

  /** Publishes a model file given on the command line and promotes it over the bundled one. */
  private void serve(OpenModels models, String name, Path file, String flag)
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
      StreamsStage detect,
      StreamsStage recognize,
      Map<String, Object> detectModel,
      Map<String, Object> recognizeModel) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("cameras", ingest.statuses());
    status.put("detect", stageStatus(detect, detectModel));
    status.put("detectModel", detectModel.get("model"));
    status.put("recognize", stageStatus(recognize, recognizeModel));
    status.put("recognizeModel", recognizeModel.get("model"));
    return status;
  }

  /** A stage's state, how far behind capture it runs, what it shed, and its consumer lag. */
  private static Map<String, Object> stageStatus(StreamsStage stage, Map<String, Object> page) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("state", stage.state().name());
    if (page.get("lag") instanceof Map<?, ?> lag) {
      lag.forEach((key, value) -> status.put(String.valueOf(key), value));
    }
    status.put("consumerLag", stage.consumerLag());
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
}

package io.platestream.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.ingest.IngestService;
import io.platestream.ingest.IngestSettings;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.config.CameraConfigException;
import io.platestream.ingest.config.CamerasFile;
import io.platestream.ingest.config.CamerasFileWatcher;
import io.platestream.ingest.encode.JpegEncoder;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.publish.IngestLedger;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.pipeline.IngestLedgers;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Connects the configured cameras and publishes their sampled frames to Kafka until stopped. */
@Command(
    name = "ingest",
    description = {
      "Connect cameras and publish sampled JPEG frames to Kafka.",
      "Reads RTSP, HTTP and file sources. Without --bootstrap-servers an embedded broker",
      "and registry are started in this process."
    })
final class IngestCommand extends LongRunningCommand {

  @Option(
      names = "--cameras",
      description = "Camera list (YAML); re-read when it changes. See ingest/README.md.")
  Path camerasFile;

  @Option(
      names = "--camera",
      description = "A camera as ID=URL or URL, in addition to the file (repeatable).")
  List<String> cameraFlags = new ArrayList<>();

  @Option(
      names = "--sample-fps",
      description = "Sample rate of --camera cameras (default: ${DEFAULT-VALUE}).")
  double sampleFps = CameraConfig.DEFAULT_SAMPLE_FPS;

  @Option(names = "--loop", description = "Loop --camera files forever.")
  boolean loop;

  @Option(names = "--topic", description = "Topic for frames (default: ${DEFAULT-VALUE}).")
  String topic = Topics.FRAMES;

  @Option(
      names = "--encoder",
      description = "JPEG encoder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  JpegEncoder.Kind encoder = JpegEncoder.Kind.FFMPEG;

  @Mixin KafkaOptions kafka;

  @Mixin OperatorOptions operator;

  @Spec CommandSpec spec;

  @Override
  Integer execute() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<CameraConfig> flagCameras = CameraFlags.parse(cameraFlags, sampleFps, loop);
    if (camerasFile == null && flagCameras.isEmpty()) {
      throw new IllegalArgumentException("no cameras: give --cameras FILE and/or --camera ID=URL");
    }
    if (camerasFile != null) {
      CamerasFile.read(camerasFile); // a bad file stops here, before anything starts
    }
    try (EmbeddedPlatform platform = kafka.connect(out)) {
      kafka.ensureTopics(topic, Topics.LEDGER);
      return ingest(out, flagCameras);
    }
  }

  private int ingest(PrintWriter out, List<CameraConfig> flagCameras) throws Exception {
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    IngestSettings settings =
        IngestSettings.defaults(run.stateDir("ingest")).withTopic(topic).withEncoder(encoder);
    try (Producer<String, Frame> producer =
            FrameProducers.create(
                kafka.bootstrapServers, kafka.schemaRegistry, kafka.registryProperties());
        IngestService ingest =
            new IngestService(settings, FfmpegVideoSource::open, producer, meters, ledger());
        OperatorEndpoint endpoint =
            OperatorEndpoint.start(
                "0.0.0.0",
                run.httpPort(9410),
                operator.token,
                meters,
                Map.of("/status", ingest::statuses));
        CamerasFileWatcher watcher = watch(ingest, flagCameras)) {
      out.printf("Publishing frames to %s on %s%n", topic, kafka.bootstrapServers);
      out.printf(
          "Camera status at %s/status, metrics at %s/metrics%n", endpoint.url(), endpoint.url());
      out.flush();
      run.awaitStop();
      List<CameraStatus> running = ingest.statuses();
      printSummary(out, running, ingest.stopAll()); // stopping publishes what is queued
    }
    return 0;
  }

  /** Each camera's outcomes on the ledger topic, carrying on from its last entry. */
  private IngestLedger ledger() throws Exception {
    try (SchemaRegistryClient schemas = kafka.registryClient()) {
      return IngestLedgers.open(
          kafka.bootstrapServers, kafka.schemaRegistry, kafka.registryProperties(), schemas);
    }
  }

  private CamerasFileWatcher watch(IngestService ingest, List<CameraConfig> flagCameras) {
    if (camerasFile == null) {
      ingest.apply(flagCameras);
      return null;
    }
    return new CamerasFileWatcher(
        camerasFile,
        Duration.ofSeconds(2),
        fromFile -> {
          List<CameraConfig> all = new ArrayList<>(fromFile);
          for (CameraConfig flag : flagCameras) {
            if (all.stream().anyMatch(c -> c.id().equals(flag.id()))) {
              throw new CameraConfigException(
                  "camera id '"
                      + flag.id()
                      + "' is both in "
                      + camerasFile
                      + " and a --camera flag");
            }
            all.add(flag);
          }
          ingest.apply(all);
        });
  }

  /** States as they were while running; counts final, after the queues were published. */
  private static void printSummary(
      PrintWriter out, List<CameraStatus> running, List<CameraStatus> stopped) {
    out.printf(
        "%-20s %-12s %10s %8s %10s  %s%n",
        "camera", "state", "published", "dropped", "reconnects", "last reason");
    for (int i = 0; i < stopped.size(); i++) {
      CameraStatus status = stopped.get(i);
      out.printf(
          "%-20s %-12s %10d %8d %10d  %s%n",
          status.cameraId(),
          running.get(i).state(),
          status.publishedFrames(),
          status.droppedFrames(),
          status.reconnects(),
          status.reason());
    }
    out.flush();
  }
}

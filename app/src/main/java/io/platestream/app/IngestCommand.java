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
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.schemas.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.TopicExistsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Connects the configured cameras and publishes their sampled frames to Kafka until stopped. */
@Command(
    name = "ingest",
    description = {
      "Connect cameras (RTSP, HTTP, files) and publish sampled JPEG frames to Kafka.",
      "Without --bootstrap-servers an embedded broker and registry are started in this process."
    })
final class IngestCommand implements Callable<Integer> {

  @Option(
      names = "--cameras",
      description = "Camera list (YAML); re-read when it changes. See ingest/README.md.")
  Path camerasFile;

  @Option(
      names = "--camera",
      description = "A camera as ID=URL, in addition to the file (repeatable).")
  List<String> cameraFlags = new ArrayList<>();

  @Option(
      names = "--sample-fps",
      description = "Sample rate of --camera cameras (default: ${DEFAULT-VALUE}).")
  double sampleFps = CameraConfig.DEFAULT_SAMPLE_FPS;

  @Option(names = "--loop", description = "Loop --camera files forever.")
  boolean loop;

  @Option(names = "--bootstrap-servers", description = "Kafka brokers (host:port,...).")
  String bootstrapServers;

  @Option(
      names = "--schema-registry",
      description = "Schema registry URL (required with --bootstrap-servers).")
  String schemaRegistry;

  @Option(names = "--topic", description = "Topic for frames (default: ${DEFAULT-VALUE}).")
  String topic = Topics.FRAMES;

  @Option(
      names = "--http-port",
      description = "Port of /status, /metrics and /health (0 = any; default: ${DEFAULT-VALUE}).")
  int httpPort = 9410;

  @Option(
      names = "--state-dir",
      description = "Where sequence numbers are kept across restarts (default: ${DEFAULT-VALUE}).")
  Path stateDir = Path.of(".platestream", "ingest");

  @Option(
      names = "--encoder",
      description = "JPEG encoder: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  JpegEncoder.Kind encoder = JpegEncoder.Kind.FFMPEG;

  @Option(
      names = "--duration",
      description =
          "Stop after this long (ISO-8601 or seconds, e.g. PT30S or 30); default: run until stopped.")
  String duration;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<CameraConfig> flagCameras = parseCameraFlags();
    if (camerasFile == null && flagCameras.isEmpty()) {
      throw new IllegalArgumentException("no cameras: give --cameras FILE and/or --camera ID=URL");
    }
    if (camerasFile != null) {
      CamerasFile.read(camerasFile); // a bad file stops here, before anything starts
    }
    if (bootstrapServers != null && schemaRegistry == null) {
      throw new IllegalArgumentException("--bootstrap-servers needs --schema-registry as well");
    }
    EmbeddedPlatform embedded = null;
    if (bootstrapServers == null) {
      out.println("No --bootstrap-servers: starting an embedded Kafka broker and schema registry.");
      out.flush();
      embedded = EmbeddedPlatform.start();
      bootstrapServers = embedded.bootstrapServers();
      schemaRegistry = embedded.schemaRegistryUrl();
    }
    try (EmbeddedPlatform platform = embedded) {
      ensureTopic(bootstrapServers, topic);
      return run(out, flagCameras);
    }
  }

  private int run(PrintWriter out, List<CameraConfig> flagCameras) throws Exception {
    PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
    IngestSettings settings =
        IngestSettings.defaults(stateDir).withTopic(topic).withEncoder(encoder);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(stopped::countDown, "ingest-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (Producer<String, Frame> producer =
            FrameProducers.create(bootstrapServers, schemaRegistry, Map.of());
        IngestService ingest =
            new IngestService(settings, FfmpegVideoSource::open, producer, meters);
        OperatorEndpoint endpoint =
            OperatorEndpoint.start(
                "0.0.0.0", httpPort, meters, Map.of("/status", ingest::statuses));
        CamerasFileWatcher watcher = watch(ingest, flagCameras)) {
      out.printf("Publishing frames to %s on %s%n", topic, bootstrapServers);
      out.printf(
          "Camera status at %s/status, metrics at %s/metrics%n", endpoint.url(), endpoint.url());
      out.flush();
      if (duration == null) {
        stopped.await();
      } else {
        stopped.await(parseDuration(duration).toMillis(), TimeUnit.MILLISECONDS);
      }
      List<CameraStatus> running = ingest.statuses();
      printSummary(out, running, ingest.stopAll()); // stopping publishes what is queued
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    return 0;
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

  private List<CameraConfig> parseCameraFlags() {
    List<CameraConfig> cameras = new ArrayList<>();
    for (String flag : cameraFlags) {
      int equals = flag.indexOf('=');
      if (equals <= 0 || equals == flag.length() - 1) {
        throw new IllegalArgumentException("--camera must be ID=URL, got '" + flag + "'");
      }
      String yaml =
          "cameras:\n  - {id: '"
              + flag.substring(0, equals).replace("'", "''")
              + "', url: '"
              + flag.substring(equals + 1).replace("'", "''")
              + "', sampleFps: "
              + sampleFps
              + ", loop: "
              + loop
              + "}\n";
      cameras.addAll(CamerasFile.parse(yaml, "--camera " + flag)); // same checks as the file's
    }
    return cameras;
  }

  private static Duration parseDuration(String text) {
    try {
      return text.matches("\\d+(\\.\\d+)?")
          ? Duration.ofMillis((long) (Double.parseDouble(text) * 1000))
          : Duration.parse(text);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "--duration must be seconds or ISO-8601 like PT30S, got " + text);
    }
  }

  /** Creates the frames topic if it is missing (partitions and replication: broker defaults). */
  private static void ensureTopic(String bootstrapServers, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .createTopics(
              List.of(new NewTopic(topic, java.util.Optional.empty(), java.util.Optional.empty())))
          .all()
          .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
      }
    }
  }
}

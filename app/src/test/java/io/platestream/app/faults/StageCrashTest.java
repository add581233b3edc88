package io.platestream.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.app.PlateStreamCommand;
import io.platestream.bench.soak.StageProcess;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
import io.platestream.ingest.testing.RtspTestServer;
import io.platestream.pipeline.KafkaConnection;
import io.platestream.pipeline.LedgerReport;
import io.platestream.pipeline.StageTopics;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.schemas.Frame;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on real parts, as Kafka's own exactly-once and broker-bounce system tests make them:
 * {@code platestream detect} and {@code platestream recognize} (and {@code ingest} of a GStreamer
 * RTSP camera), each in a JVM of its own against an in-process broker, either killed with SIGKILL
 * three times while output is flowing (no shutdown hook, no commit, no leaving the group) and
 * started again with the same state directory and instance id, or running while the broker is
 * stopped and started twice. A read-committed verifier then checks the exact output set (every
 * frame detected once, every detection read once, no event twice) and that the frame ledger
 * balances. Each prints one summary line per stage.
 */
class StageCrashTest {
  private static final String CAMERA = "crash-cam";
  private static final int FRAMES = 40;
  private static final int KILLS = 3;

  @TempDir Path dir;

  @Test
  void detectAndRecognizeKilledMidStreamLoseNothingAndRepeatNothing() throws Exception {
    FontsAvailableAccess.require();
    try (EmbeddedPlatform platform = EmbeddedPlatform.start();
        SchemaRegistryClient registry = platform.newRegistryClient()) {
      String bootstrap = platform.bootstrapServers();
      List<String> connection = prepare(platform);
      sendFrames(platform, registry, FRAMES);

      // Detect: killed three times while plates are being written, then left to finish.
      int detectKills =
          killRepeatedly(
              "detect",
              List.of("detect", "--max-frame-age-ms", "0"),
              connection,
              () -> count(bootstrap, Topics.PLATES),
              () -> LedgerReport.read(bootstrap, registry).framesTaken(CAMERA) == FRAMES + 1);
      assertThat(detectKills).as("kills that hit a stage while it wrote").isPositive();
      Set<String> detectionIds =
          verifyDetections(bootstrap, registry, FRAMES, "SIGKILL x" + detectKills);

      // Recognize: the same, on the plates the detector wrote.
      int recognizeKills =
          killRepeatedly(
              "recognize",
              List.of("recognize", "--max-crop-age-ms", "0"),
              connection,
              () -> count(bootstrap, Topics.READS),
              () -> LedgerReport.read(bootstrap, registry).platesInFlight(CAMERA) == 0);
      assertThat(recognizeKills).isPositive();
      verifyReadsAndEvents(bootstrap, registry, detectionIds, "SIGKILL x" + recognizeKills);
    }
  }

  @Test
  void detectAndRecognizeRideOutBrokerBounces() throws Exception {
    FontsAvailableAccess.require();
    int frames = 80;
    try (EmbeddedPlatform platform = EmbeddedPlatform.start();
        SchemaRegistryClient registry = platform.newRegistryClient()) {
      String bootstrap = platform.bootstrapServers();
      List<String> connection = prepare(platform);
      sendFrames(platform, registry, frames);
      int bounces = 0;
      try (StageProcess detect =
              StageProcess.start(
                  dir.resolve("detect-bounce.log"),
                  stageArguments(
                      "detect", List.of("detect", "--max-frame-age-ms", "0"), connection));
          StageProcess recognize =
              StageProcess.start(
                  dir.resolve("recognize-bounce.log"),
                  stageArguments(
                      "recognize", List.of("recognize", "--max-crop-age-ms", "0"), connection))) {
        // Twice, once both stages are writing: the broker goes away for 8 s and comes back.
        for (int bounce = 0; bounce < 2; bounce++) {
          long plates = count(bootstrap, Topics.PLATES);
          long reads = count(bootstrap, Topics.READS);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          while (System.nanoTime() < deadline
              && (count(bootstrap, Topics.PLATES) < plates + 5
                  || count(bootstrap, Topics.READS) < reads + 5)) {
            Thread.sleep(200);
          }
          if (LedgerReport.read(bootstrap, registry).framesTaken(CAMERA) == frames + 1) {
            break; // nothing left to interrupt
          }
          platform.kafka().stopBroker();
          Thread.sleep(8_000);
          platform.kafka().startBroker();
          bounces++;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline && !finished(bootstrap, registry, frames)) {
          assertThat(detect.alive()).as(detect.logTail()).isTrue();
          assertThat(recognize.alive()).as(recognize.logTail()).isTrue();
          Thread.sleep(500);
        }
        assertThat(finished(bootstrap, registry, frames))
            .as(detect.logTail() + "\n" + recognize.logTail())
            .isTrue();
        Thread.sleep(8_000); // open passes close on the recognizer's idle timeout (3 s)
      }
      assertThat(bounces).as("bounces while the stages wrote").isPositive();
      Set<String> detectionIds =
          verifyDetections(bootstrap, registry, frames, "broker bounced x" + bounces);
      verifyReadsAndEvents(bootstrap, registry, detectionIds, "broker bounced x" + bounces);
    }
  }

  @Test
  void ingestKilledMidStreamNeverNumbersAFrameTwice() throws Exception {
    FontsAvailableAccess.require();
    RtspTestServer.requireAvailable();
    Path clip =
        io.platestream.datasets.render.SampleClip.ensure(
            dir, 2, new java.io.PrintWriter(java.io.Writer.nullWriter()));
    // A camera as deployed: GStreamer's RTSP server streaming the rendered clip.
    try (RtspTestServer camera = RtspTestServer.start(clip, "kcam");
        EmbeddedPlatform platform = EmbeddedPlatform.start();
        SchemaRegistryClient registry = platform.newRegistryClient()) {
      String bootstrap = platform.bootstrapServers();
      List<String> connection = prepare(platform);
      // The same state directory each time: the camera's numbering continues from it.
      List<String> ingest = new ArrayList<>(connection);
      ingest.addAll(0, List.of("ingest", "--camera", "kcam=" + camera.url(), "--sample-fps", "5"));
      ingest.addAll(List.of("--http-port", "0", "--state-dir", dir.resolve("ingest").toString()));
      int kills = 0;
      for (int kill = 0; kill <= KILLS; kill++) {
        long before = count(bootstrap, Topics.FRAMES);
        try (StageProcess stage = StageProcess.start(dir.resolve("ingest.log"), ingest)) {
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
          while (System.nanoTime() < deadline && count(bootstrap, Topics.FRAMES) < before + 10) {
            assertThat(stage.alive()).as(stage.logTail()).isTrue();
            Thread.sleep(200);
          }
          assertThat(count(bootstrap, Topics.FRAMES)).as(stage.logTail()).isGreaterThan(before);
          stage.kill(); // the last one too: what was acknowledged is in Kafka, nothing else
          kills++;
        }
      }
      List<Frame> frames =
          KafkaClients.readAll(
              bootstrap,
              Topics.FRAMES,
              new AvroDeserializer<>(Frame.class, registry),
              Duration.ofSeconds(60));
      List<Long> numbers = frames.stream().map(Frame::getSeq).toList();
      long repeated = numbers.size() - numbers.stream().distinct().count();
      long skipped =
          numbers.isEmpty()
              ? 0
              : numbers.get(numbers.size() - 1) - numbers.get(0) + 1 - numbers.size();
      System.out.printf(
          "ingest (SIGKILL x%d): frames in Kafka %d, numbers repeated %d, numbers skipped %d%n",
          kills, frames.size(), repeated, skipped);
      assertThat(frames).hasSizeGreaterThanOrEqualTo(40);
      assertThat(repeated).as("no frame number twice").isZero();
      assertThat(numbers).as("numbers only grow, across restarts too").isSorted();
    }
  }

  private static boolean finished(String bootstrap, SchemaRegistryClient registry, int frames) {
    LedgerReport ledger = LedgerReport.read(bootstrap, registry);
    return ledger.framesTaken(CAMERA) == frames + 1
        && ledger.count("detector", CAMERA, "plates") > 0
        && ledger.platesInFlight(CAMERA) == 0;
  }

  /** The topics, and the bundled models published; the command-line flags to reach them. */
  private static List<String> prepare(EmbeddedPlatform platform) {
    List<String> connection =
        List.of(
            "--bootstrap-servers",
            platform.bootstrapServers(),
            "--schema-registry",
            platform.schemaRegistryUrl());
    new KafkaConnection(platform.bootstrapServers(), platform.schemaRegistryUrl(), 2)
        .ensureTopics(StageTopics.all());
    List<String> models = new ArrayList<>(List.of("models", "list"));
    models.addAll(connection);
    assertThat(PlateStreamCommand.commandLine().execute(models.toArray(String[]::new)))
        .as("the bundled pair is published")
        .isZero();
    return connection;
  }

  /**
   * Every good frame detected, none twice, each as many plates as the other frames of its scene,
   * and the ledger in agreement; the detection ids.
   */
  private static Set<String> verifyDetections(
      String bootstrap, SchemaRegistryClient registry, int frames, String fault) {
    List<PlateDetection> plates =
        KafkaClients.readAll(
            bootstrap,
            Topics.PLATES,
            new AvroDeserializer<>(PlateDetection.class, registry),
            Duration.ofSeconds(60));
    Map<Long, List<PlateDetection>> byFrame =
        plates.stream()
            .collect(
                Collectors.groupingBy(
                    d -> d.getFrame().getSeq(), TreeMap::new, Collectors.toList()));
    Set<String> detectionIds =
        plates.stream().map(d -> d.getDetectionId().toString()).collect(Collectors.toSet());
    LedgerReport ledger = LedgerReport.read(bootstrap, registry);
    System.out.printf(
        "detect (%s): frames in %d, detected %d, dead-lettered %d, shed %d, plates %d,"
            + " duplicates %d%n",
        fault,
        frames + 1,
        ledger.count("detector", CAMERA, "detected"),
        ledger.count("detector", CAMERA, "dead_lettered"),
        ledger.count("detector", CAMERA, "shed"),
        plates.size(),
        plates.size() - detectionIds.size());
    assertThat(detectionIds).as("no detection written twice").hasSize(plates.size());
    assertThat(byFrame.keySet())
        .as("every good frame detected")
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, frames).boxed().toList());
    // Frames of one scene give the same plates, so a frame half-written before a fault shows.
    Map<Long, Set<Integer>> platesPerScene = new HashMap<>();
    byFrame.forEach(
        (seq, detections) ->
            platesPerScene
                .computeIfAbsent(seq % 3, scene -> new HashSet<>())
                .add(detections.size()));
    assertThat(platesPerScene.values()).allSatisfy(counts -> assertThat(counts).hasSize(1));
    assertThat(ledger.count("detector", CAMERA, "detected")).isEqualTo(frames);
    assertThat(ledger.count("detector", CAMERA, "dead_lettered")).isEqualTo(1);
    assertThat(ledger.count("detector", CAMERA, "shed")).isZero();
    assertThat(ledger.count("detector", CAMERA, "plates")).isEqualTo(plates.size());
    return detectionIds;
  }

  /** Every detection read once, no final event twice, and the ledger in agreement. */
  private static void verifyReadsAndEvents(
      String bootstrap, SchemaRegistryClient registry, Set<String> detectionIds, String fault)
      throws InterruptedException {
    List<PlateRead> reads =
        KafkaClients.readAll(
            bootstrap,
            Topics.READS,
            new AvroDeserializer<>(PlateRead.class, registry),
            Duration.ofSeconds(60));
    Set<String> readIds =
        reads.stream().map(r -> r.getDetectionId().toString()).collect(Collectors.toSet());
    LedgerReport ledger = LedgerReport.read(bootstrap, registry);
    // The last passes close once the recognizer's idle timeout passes; wait for their events.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<PlateEvent> finals = List.of();
    while (System.nanoTime() < deadline) {
      finals =
          KafkaClients.readAll(
                  bootstrap,
                  Topics.EVENTS,
                  new AvroDeserializer<>(PlateEvent.class, registry),
                  Duration.ofSeconds(60))
              .stream()
              .filter(e -> !e.getProvisional())
              .toList();
      ledger = LedgerReport.read(bootstrap, registry);
      if (!finals.isEmpty()
          && ledger.count("recognizer", CAMERA, "events_final") == finals.size()) {
        break;
      }
      Thread.sleep(1000);
    }
    Set<String> eventIds =
        finals.stream().map(e -> e.getEventId().toString()).collect(Collectors.toSet());
    System.out.printf(
        "recognize (%s): plates in %d, read %d, dead-lettered %d, shed %d, final events %d,"
            + " duplicates %d%n",
        fault,
        detectionIds.size(),
        reads.size(),
        ledger.count("recognizer", CAMERA, "dead_lettered"),
        ledger.count("recognizer", CAMERA, "shed"),
        finals.size(),
        (reads.size() - readIds.size()) + (finals.size() - eventIds.size()));
    assertThat(readIds).as("every detection read").isEqualTo(detectionIds);
    assertThat(reads).as("none read twice").hasSize(detectionIds.size());
    assertThat(ledger.count("recognizer", CAMERA, "read")).isEqualTo(detectionIds.size());
    assertThat(ledger.platesInFlight(CAMERA)).isZero();
    assertThat(finals).as("the plates make events").isNotEmpty();
    assertThat(eventIds).as("no final event twice").hasSize(finals.size());
    assertThat(ledger.count("recognizer", CAMERA, "events_final")).isEqualTo(finals.size());
  }

  /** The stage's command line: its own state directory and instance id, any HTTP port. */
  private List<String> stageArguments(String name, List<String> command, List<String> connection) {
    return StageProcess.stageArguments(command, connection, dir.resolve(name), name + "-1");
  }

  /**
   * Runs the stage, SIGKILLs it once its output grows, {@link #KILLS} times, then runs it until
   * {@code done}; how many kills came while it was writing.
   */
  private int killRepeatedly(
      String name,
      List<String> command,
      List<String> connection,
      LongSupplier written,
      java.util.function.BooleanSupplier done)
      throws Exception {
    List<String> arguments = stageArguments(name, command, connection);
    Path log = dir.resolve(name + ".log");
    int midStream = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long before = written.getAsLong();
      try (StageProcess stage = StageProcess.start(log, arguments)) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline
            && stage.alive()
            && written.getAsLong() < before + 2
            && !done.getAsBoolean()) {
          Thread.sleep(200);
        }
        assertThat(stage.alive()).as(stage.logTail()).isTrue();
        boolean finished = done.getAsBoolean();
        stage.kill();
        if (finished) {
          return midStream; // nothing left to interrupt
        }
        midStream++;
      }
    }
    try (StageProcess stage = StageProcess.start(log, arguments)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (System.nanoTime() < deadline && stage.alive() && !done.getAsBoolean()) {
        Thread.sleep(500);
      }
      assertThat(done.getAsBoolean()).as(stage.logTail()).isTrue();
      if (name.equals("recognize")) {
        // Open passes close on the idle timeout (3 s) of a running stage.
        Thread.sleep(8_000);
      }
    }
    return midStream;
  }

  /** Records in a topic, committed or not: what a stage has written so far. */
  private static long count(String bootstrap, String topic) {
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_uncommitted"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Good frames of three scenes, then one whose JPEG is broken inside valid Avro. */
  private static void sendFrames(
      EmbeddedPlatform platform, SchemaRegistryClient registry, int frames) throws Exception {
    SceneRenderer renderer =
        new SceneRenderer(SceneConfig.defaults().withSize(960, 540).clean(), PlateFonts.load());
    List<Scene> scenes = List.of(renderer.render(31), renderer.render(32), renderer.render(33));
    try (KafkaProducer<String, Frame> producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(registry))) {
      for (int seq = 1; seq <= frames + 1; seq++) {
        Scene scene = scenes.get(seq % 3);
        byte[] jpeg =
            seq <= frames ? Images.jpeg(scene.image(), 90) : new byte[] {(byte) 0xFF, (byte) 0xD8};
        Frame frame =
            Frame.newBuilder()
                .setCameraId(CAMERA)
                .setSeq(seq)
                // A few frames a second, as a camera samples them; old, hence --max-*-age-ms 0.
                .setCaptureTimeMs(1_790_000_000_000L + seq * 300L)
                .setIngestTimeMs(1_790_000_000_000L + seq * 300L + 20)
                .setWidth(scene.image().getWidth())
                .setHeight(scene.image().getHeight())
                .setJpeg(ByteBuffer.wrap(jpeg))
                .setSourceUri("file:synthetic")
                .build();
        producer.send(new ProducerRecord<>(Topics.FRAMES, CAMERA, frame)).get(30, TimeUnit.SECONDS);
      }
    }
  }
}

package io.platestream.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.app.PlateStreamCommand;
import io.platestream.datasets.image.Images;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateFonts;
import io.platestream.datasets.render.Scene;
import io.platestream.datasets.render.SceneConfig;
import io.platestream.datasets.render.SceneRenderer;
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
 * Stages killed with SIGKILL in the middle of their stream, as Kafka's own exactly-once system
 * tests do it: {@code platestream detect}, then {@code platestream recognize}, each in a JVM of its
 * own against an in-process broker, killed three times while output is flowing (no shutdown hook,
 * no commit, no leaving the group), and started again with the same state directory and instance
 * id. A read-committed verifier then checks the exact output set (every frame detected once, every
 * detection read once, no event twice) and that the frame ledger balances.
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
      List<String> connection =
          List.of(
              "--bootstrap-servers", bootstrap, "--schema-registry", platform.schemaRegistryUrl());
      new KafkaConnection(bootstrap, platform.schemaRegistryUrl(), 2)
          .ensureTopics(StageTopics.all());
      List<String> models = new ArrayList<>(List.of("models", "list"));
      models.addAll(connection);
      assertThat(PlateStreamCommand.commandLine().execute(models.toArray(String[]::new)))
          .as("the bundled pair is published")
          .isZero();
      sendFrames(platform, registry);

      // Detect: killed three times while plates are being written, then left to finish.
      List<String> detect = new ArrayList<>(List.of("detect", "--max-frame-age-ms", "0"));
      int detectKills =
          killRepeatedly(
              "detect",
              detect,
              connection,
              () -> count(bootstrap, Topics.PLATES),
              () -> LedgerReport.read(bootstrap, registry).framesTaken(CAMERA) == FRAMES + 1);

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
      LedgerReport afterDetect = LedgerReport.read(bootstrap, registry);
      System.out.printf(
          "detect: frames in %d, detected %d, dead-lettered %d, shed %d, plates %d, duplicates %d,"
              + " kills mid-stream %d%n",
          FRAMES + 1,
          afterDetect.count("detector", CAMERA, "detected"),
          afterDetect.count("detector", CAMERA, "dead_lettered"),
          afterDetect.count("detector", CAMERA, "shed"),
          plates.size(),
          plates.size() - detectionIds.size(),
          detectKills);
      assertThat(detectKills).as("kills that hit a stage while it wrote").isPositive();
      assertThat(detectionIds).as("no detection written twice").hasSize(plates.size());
      assertThat(byFrame.keySet())
          .as("every good frame detected")
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(1, FRAMES).boxed().toList());
      // Frames of one scene give the same plates, so a frame half-written before a kill shows.
      Map<Long, Set<Integer>> platesPerScene = new HashMap<>();
      byFrame.forEach(
          (seq, detections) ->
              platesPerScene
                  .computeIfAbsent(seq % 3, scene -> new HashSet<>())
                  .add(detections.size()));
      assertThat(platesPerScene.values()).allSatisfy(counts -> assertThat(counts).hasSize(1));
      assertThat(afterDetect.count("detector", CAMERA, "detected")).isEqualTo(FRAMES);
      assertThat(afterDetect.count("detector", CAMERA, "dead_lettered")).isEqualTo(1);
      assertThat(afterDetect.count("detector", CAMERA, "shed")).isZero();
      assertThat(afterDetect.count("detector", CAMERA, "plates")).isEqualTo(plates.size());

      // Recognize: the same, on the plates the detector wrote.
      List<String> recognize = new ArrayList<>(List.of("recognize", "--max-crop-age-ms", "0"));
      int recognizeKills =
          killRepeatedly(
              "recognize",
              recognize,
              connection,
              () -> count(bootstrap, Topics.READS),
              () -> LedgerReport.read(bootstrap, registry).platesInFlight(CAMERA) == 0);

      List<PlateRead> reads =
          KafkaClients.readAll(
              bootstrap,
              Topics.READS,
              new AvroDeserializer<>(PlateRead.class, registry),
              Duration.ofSeconds(60));
      Set<String> readIds =
          reads.stream().map(r -> r.getDetectionId().toString()).collect(Collectors.toSet());
      LedgerReport afterRecognize = LedgerReport.read(bootstrap, registry);
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
        afterRecognize = LedgerReport.read(bootstrap, registry);
        if (!finals.isEmpty()
            && afterRecognize.count("recognizer", CAMERA, "events_final") == finals.size()) {
          break;
        }
        Thread.sleep(1000);
      }
      Set<String> eventIds =
          finals.stream().map(e -> e.getEventId().toString()).collect(Collectors.toSet());
      System.out.printf(
          "recognize: plates in %d, read %d, dead-lettered %d, shed %d, final events %d,"
              + " duplicates %d, kills mid-stream %d%n",
          plates.size(),
          reads.size(),
          afterRecognize.count("recognizer", CAMERA, "dead_lettered"),
          afterRecognize.count("recognizer", CAMERA, "shed"),
          finals.size(),
          (reads.size() - readIds.size()) + (finals.size() - eventIds.size()),
          recognizeKills);
      assertThat(recognizeKills).isPositive();
      assertThat(readIds).as("every detection read").isEqualTo(detectionIds);
      assertThat(reads).as("none read twice").hasSize(plates.size());
      assertThat(afterRecognize.count("recognizer", CAMERA, "read")).isEqualTo(plates.size());
      assertThat(afterRecognize.platesInFlight(CAMERA)).isZero();
      assertThat(finals).as("the clip's plates make events").isNotEmpty();
      assertThat(eventIds).as("no final event twice").hasSize(finals.size());
      assertThat(afterRecognize.count("recognizer", CAMERA, "events_final"))
          .isEqualTo(finals.size());
    }
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
    List<String> arguments = new ArrayList<>(command);
    arguments.addAll(connection);
    arguments.addAll(
        List.of(
            "--http-port",
            "0",
            "--state-dir",
            dir.resolve(name).toString(),
            "--instance-id",
            name + "-1"));
    Path log = dir.resolve(name + ".log");
    int midStream = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      long before = written.getAsLong();
      try (ChildStage stage = ChildStage.start(log, arguments)) {
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
    try (ChildStage stage = ChildStage.start(log, arguments)) {
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
  private static void sendFrames(EmbeddedPlatform platform, SchemaRegistryClient registry)
      throws Exception {
    SceneRenderer renderer =
        new SceneRenderer(SceneConfig.defaults().withSize(960, 540).clean(), PlateFonts.load());
    List<Scene> scenes = List.of(renderer.render(31), renderer.render(32), renderer.render(33));
    try (KafkaProducer<String, Frame> producer =
        new KafkaProducer<>(
            KafkaClients.reliableProducer(platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(registry))) {
      for (int seq = 1; seq <= FRAMES + 1; seq++) {
        Scene scene = scenes.get(seq % 3);
        byte[] jpeg =
            seq <= FRAMES ? Images.jpeg(scene.image(), 90) : new byte[] {(byte) 0xFF, (byte) 0xD8};
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

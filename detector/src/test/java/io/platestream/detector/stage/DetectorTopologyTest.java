package io.platestream.detector.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.metrics.PolygonIoU;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.datasets.render.PlateInstance;
import io.platestream.datasets.render.Scene;
import io.platestream.detector.inference.ExecutionProvider;
import io.platestream.detector.inference.OnnxDetectorModel;
import io.platestream.detector.inference.PlateDetector;
import io.platestream.models.serving.ModelSource;
import io.platestream.models.serving.Shadow;
import io.platestream.models.serving.ShadowMetrics;
import io.platestream.models.serving.ShadowShare;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.Frame;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.ShadowComparison;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The topology with the real model and the real registry, driven by TopologyTestDriver. */
@ExtendWith(EmbeddedPlatformExtension.class)
class DetectorTopologyTest {
  private static OnnxDetectorModel model;
  private SchemaRegistryClient registry;
  private String frames;
  private String plates;

  @BeforeAll
  static void loadModel() {
    FontsAvailableAccess.require();
    model = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 2);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @BeforeEach
  void setUp(EmbeddedPlatform platform) {
    registry = platform.newRegistryClient();
    frames = TestTopics.unique("frames");
    plates = TestTopics.unique("plates");
  }

  private TopologyTestDriver driver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(
        DetectorTopology.build(
            DetectorTopology.Spec.of(
                    registry, PlateDetector.withDefaults(model), new ModelRef("plate-detector", 1))
                .withTopics(frames, plates)),
        props);
  }

  /**
   * Each frame as it comes; batches of five in one inference run (the poison among them); side by
   * side on two workers, five frames in flight.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"one at a time", "batches in one run", "side by side"})
  void framesBecomeOneDetectionPerPlateAndPoisonGoesToTheDeadLetterTopic(String arrangement)
      throws InterruptedException {
    Scene scene = StageFixtures.scene(7);
    Frame good = StageFixtures.frame("gate-1", 1, scene);
    Frame corruptJpeg =
        Frame.newBuilder(good)
            .setSeq(2)
            .setJpeg(ByteBuffer.wrap(new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}))
            .build();
    Frame lyingSize = Frame.newBuilder(good).setSeq(3).setWidth(1920).build();
    Frame afterPoison = StageFixtures.frame("gate-1", 4, scene);
    byte[] notAvro = "{\"camera\":\"gate-1\"}".getBytes(StandardCharsets.UTF_8);

    try (TopologyTestDriver driver =
        switch (arrangement) {
          case "one at a time" -> driver();
          case "batches in one run" -> batchedDriver(Batching.batched(5, Duration.ofHours(1)));
          default -> batchedDriver(new Batching.SideBySide(2, 5));
        }) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(frames, new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<Frame> frameSerializer = new AvroSerializer<>(registry);
      input.pipeInput("gate-1", frameSerializer.serialize(frames, good));
      input.pipeInput("gate-1", frameSerializer.serialize(frames, corruptJpeg));
      input.pipeInput(
          new TestRecord<>(
              "gate-1",
              notAvro,
              new org.apache.kafka.common.header.internals.RecordHeaders()
                  .add("traceparent", "00-abc-01".getBytes(StandardCharsets.UTF_8))));
      input.pipeInput("gate-1", frameSerializer.serialize(frames, lyingSize));
      input.pipeInput("gate-1", frameSerializer.serialize(frames, afterPoison));

      TestOutputTopic<String, PlateDetection> output =
          driver.createOutputTopic(
              plates,
              new StringDeserializer(),
              new AvroDeserializer<>(PlateDetection.class, registry));
      awaitAllForwarded(driver); // side by side: at ticks, as the workers finish
      List<TestRecord<String, PlateDetection>> detections = output.readRecordsToList();
      TestOutputTopic<String, byte[]> dlq =
          driver.createOutputTopic(
              frames + ".dlq", new StringDeserializer(), new ByteArrayDeserializer());
      // Side by side, records that are not frames at all are dead-lettered as they come, the
      // rest in their turn after detection; the source offset gives back the input order.
      List<TestRecord<String, byte[]>> dead =
          dlq.readRecordsToList().stream()
              .sorted(
                  java.util.Comparator.comparing(
                      r -> Long.parseLong(header(r, DeadLetters.SOURCE_OFFSET))))
              .toList();

      // Both good frames yield the same plates; every plate of the scene is found.
      assertThat(detections).isNotEmpty();
      assertThat(detections)
          .allSatisfy(
              r -> {
                assertThat(r.key()).isEqualTo("gate-1");
                assertThat(r.value().getDetector()).isEqualTo(new ModelRef("plate-detector", 1));
                assertThat(r.value().getCrop().remaining()).isGreaterThan(100);
                assertThat(r.value().getFrame().getWidth()).isEqualTo(960);
              });
      assertThat(detections.stream().map(r -> r.value().getFrame().getSeq()).distinct())
          .containsExactly(1L, 4L);
      for (PlateInstance plate : scene.plates()) {
        assertThat(detections)
            .as("plate %s", plate.text())
            .anySatisfy(r -> assertThat(iou(r.value(), plate)).isGreaterThanOrEqualTo(0.5));
      }
      assertThat(detections.get(0).value().getDetectionId()).isEqualTo("gate-1/1/0");

      // The three poison records, in order, with their original bytes and the cause.
      assertThat(dead).hasSize(3);
      assertThat(header(dead.get(0), DeadLetters.ERROR_MESSAGE))
          .contains("cannot be decoded")
          .contains("gate-1/2");
      assertThat(dead.get(1).value()).isEqualTo(notAvro);
      assertThat(header(dead.get(1), DeadLetters.ERROR_CLASS)).endsWith("WireFormatException");
      assertThat(header(dead.get(1), "traceparent"))
          .as("original headers are kept")
          .isEqualTo("00-abc-01");
      assertThat(header(dead.get(2), DeadLetters.ERROR_MESSAGE))
          .contains("claims 1920x540 but its JPEG is 960x540");
      assertThat(header(dead.get(2), DeadLetters.STAGE)).isEqualTo("detector");
      assertThat(header(dead.get(2), DeadLetters.SOURCE_OFFSET)).isEqualTo("3");
    }
  }

  @Test
  void batchedFramesWaitForAFullBatchOrTheWallClockAndComeOutInOrderLikeUnbatchedOnes() {
    Scene scene = StageFixtures.scene(7);
    AvroSerializer<Frame> serializer = new AvroSerializer<>(registry);
    List<String> unbatched = unbatchedDetectionIds(scene, 4);

    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (TopologyTestDriver driver =
        batchedDriver(Batching.batched(3, Duration.ofSeconds(1)), new DetectorMetrics(meters))) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(frames, new StringSerializer(), new ByteArraySerializer());
      // Then the four frames again, with poison among them.
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 1, scene)));
      input.pipeInput("gate-1", "poison".getBytes(StandardCharsets.UTF_8));
      assertThat(detectionIds(driver)).as("a batch of 3 is not full yet").isEmpty();
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 2, scene)));
      List<String> firstBatch = detectionIds(driver);
      assertThat(firstBatch).isNotEmpty();
      TestOutputTopic<String, byte[]> dlq =
          driver.createOutputTopic(
              frames + ".dlq", new StringDeserializer(), new ByteArrayDeserializer());
      TestRecord<String, byte[]> poison = dlq.readRecord();
      assertThat(poison.value()).isEqualTo("poison".getBytes(StandardCharsets.UTF_8));
      assertThat(header(poison, DeadLetters.SOURCE_OFFSET)).isEqualTo("1");

      driver.advanceWallClockTime(Duration.ofMillis(900));
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 3, scene)));
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 4, scene)));
      driver.advanceWallClockTime(Duration.ofMillis(100));
      assertThat(detectionIds(driver))
          .as("the wait counts from the batch's first frame, which came 100 ms ago")
          .isEmpty();
      driver.advanceWallClockTime(Duration.ofMillis(900));
      List<String> secondBatch = detectionIds(driver);

      List<String> batched = new java.util.ArrayList<>(firstBatch);
      batched.addAll(secondBatch);
      assertThat(batched).containsExactlyElementsOf(unbatched);
      // Two runs of two frames each (the poison left the first batch): each batch was detected in
      // one run, not frame by frame.
      var runs = meters.get("platestream.detector.batch.size").summary();
      assertThat(runs.count()).isEqualTo(2);
      assertThat(runs.max()).isEqualTo(2);
    }
  }

  @Test
  void everyPlateOfAFrameCarriesTheSameScaledSnapshotOfTheWholeFrame() throws Exception {
    Scene scene = StageFixtures.scene(7);
    AvroSerializer<Frame> serializer = new AvroSerializer<>(registry);
    try (TopologyTestDriver driver = batchedDriver(Batching.none())) {
      driver
          .createInputTopic(frames, new StringSerializer(), new ByteArraySerializer())
          .pipeInput(
              "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 1, scene)));
      List<PlateDetection> detections = detections(driver);
      assertThat(detections).hasSizeGreaterThan(1);
      java.nio.ByteBuffer first = detections.get(0).getSnapshot();
      assertThat(detections).allMatch(d -> first.equals(d.getSnapshot()));
      byte[] jpeg = new byte[first.remaining()];
      first.duplicate().get(jpeg);
      java.awt.image.BufferedImage snapshot =
          javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(jpeg));
      assertThat(snapshot.getWidth()).isEqualTo(640);
      assertThat(snapshot.getHeight())
          .isEqualTo(
              (int) Math.round(640.0 * scene.image().getHeight() / scene.image().getWidth()));
    }
  }

  @Test
  void framesOlderThanTheStageKeepsAreShedOldestFirstAndCounted() {
    Scene scene = StageFixtures.scene(7);
    AvroSerializer<Frame> serializer = new AvroSerializer<>(registry);
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    DetectorMetrics metrics = new DetectorMetrics(meters, Duration.ofSeconds(2));
    try (TopologyTestDriver driver = batchedDriver(Batching.none(), metrics)) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(frames, new StringSerializer(), new ByteArraySerializer());
      driver.advanceWallClockTime(Duration.ofSeconds(100)); // the driver's clock starts at 0
      long now = 100_000;
      Frame stale =
          Frame.newBuilder(StageFixtures.frame("gate-1", 1, scene))
              .setCaptureTimeMs(now - 60_000)
              .build();
      Frame fresh =
          Frame.newBuilder(StageFixtures.frame("gate-1", 2, scene)).setCaptureTimeMs(now).build();
      input.pipeInput("gate-1", serializer.serialize(frames, stale));
      input.pipeInput("gate-1", serializer.serialize(frames, fresh));

      List<String> detected = detectionIds(driver);
      assertThat(detected).isNotEmpty().allMatch(id -> id.startsWith("gate-1/2/"));
      assertThat(meters.get("platestream.stage.shed").tag("stage", "detect").counter().count())
          .isEqualTo(1);
      assertThat(meters.get("platestream.stage.processed").counter().count()).isEqualTo(1);
      assertThat(metrics.lag().lagMs(now)).isZero();
      assertThat(metrics.lag().status(now)).containsEntry("shedStale", 1L);
    }
  }

  @Test
  void sideBySideFramesStartAtOnceAndComeOutInArrivalOrderLikeUnbatchedOnes()
      throws InterruptedException {
    Scene scene = StageFixtures.scene(7);
    AvroSerializer<Frame> serializer = new AvroSerializer<>(registry);
    List<String> unbatched = unbatchedDetectionIds(scene, 4);
    List<String> firstFrame = unbatched.stream().filter(id -> id.startsWith("gate-1/1/")).toList();

    // Two frames in flight at most; the batch wait (an hour) plays no part.
    try (TopologyTestDriver driver = batchedDriver(new Batching.SideBySide(2, 2))) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(frames, new StringSerializer(), new ByteArraySerializer());
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 1, scene)));
      awaitAllForwarded(driver);
      List<String> alone = detectionIds(driver);
      assertThat(alone)
          .as("a lone frame goes out without waiting for others")
          .isEqualTo(firstFrame);

      // Then the four frames again, with poison among them.
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 1, scene)));
      input.pipeInput("gate-1", "poison".getBytes(StandardCharsets.UTF_8));
      TestOutputTopic<String, byte[]> dlq =
          driver.createOutputTopic(
              frames + ".dlq", new StringDeserializer(), new ByteArrayDeserializer());
      assertThat(header(dlq.readRecord(), DeadLetters.SOURCE_OFFSET))
          .as("poison is dead-lettered as it comes")
          .isEqualTo("2");
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 2, scene)));
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 3, scene)));
      // Frame 3 made three in flight, one too many: the stream thread waited for the oldest.
      List<String> beforeTicks = detectionIds(driver);
      assertThat(beforeTicks).startsWith(firstFrame.toArray(String[]::new));
      input.pipeInput(
          "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", 4, scene)));
      awaitAllForwarded(driver);

      List<String> sideBySide = new java.util.ArrayList<>(beforeTicks);
      sideBySide.addAll(detectionIds(driver));
      assertThat(sideBySide).containsExactlyElementsOf(unbatched);
    }
  }

  @Test
  void aShadowVersionIsComparedOnItsShareAndNeverChangesOrStopsProductionOutput() {
    Scene scene = StageFixtures.scene(7);
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    OnnxDetectorModel broken = OnnxDetectorModel.pretrained(ExecutionProvider.CPU, 1);
    broken.close(); // a shadow version whose every inference fails
    Map<Long, ModelSource<PlateDetector>> shadowBySeq =
        Map.of(
            1L,
                ModelSource.fixed(
                    PlateDetector.withDefaults(model), new ModelRef("plate-detector", 2)),
            2L,
                ModelSource.fixed(
                    PlateDetector.withDefaults(broken), new ModelRef("plate-detector", 3)),
            3L, ModelSource.fixed(null, null));
    long[] seq = {0};
    // The shadow source the processor sees changes per frame: first a good version, then a
    // failing one, then none at all.
    ModelSource<PlateDetector> shadowModels = () -> shadowBySeq.get(seq[0]).acquire();
    Shadow<PlateDetector> shadow =
        new Shadow<>(
            shadowModels,
            new ShadowShare(1),
            new ShadowMetrics(meters, "plate-detector"),
            plates + ".shadow");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            DetectorTopology.build(
                DetectorTopology.Spec.of(
                        registry,
                        ModelSource.fixed(
                            PlateDetector.withDefaults(model), new ModelRef("plate-detector", 1)))
                    .withShadow(shadow)
                    .withTopics(frames, plates)),
            props)) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(frames, new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<Frame> serializer = new AvroSerializer<>(registry);
      for (seq[0] = 1; seq[0] <= 3; seq[0]++) {
        input.pipeInput(
            "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", seq[0], scene)));
      }

      List<PlateDetection> detections = detections(driver);
      List<ShadowComparison> comparisons =
          driver
              .createOutputTopic(
                  plates + ".shadow",
                  new StringDeserializer(),
                  new AvroDeserializer<>(ShadowComparison.class, registry))
              .readValuesToList();

      assertThat(detections.stream().map(d -> d.getFrame().getSeq()).distinct())
          .as("production detects every frame, whatever the shadow does")
          .containsExactly(1L, 2L, 3L);
      assertThat(detections).allSatisfy(d -> assertThat(d.getDetector().getVersion()).isEqualTo(1));
      assertThat(comparisons).hasSize(1);
      ShadowComparison same = comparisons.get(0);
      assertThat(same.getInputId()).isEqualTo("gate-1/1");
      assertThat(same.getProduction().getVersion()).isEqualTo(1);
      assertThat(same.getShadow().getVersion()).isEqualTo(2);
      assertThat(same.getAgree()).as("the same model agrees with itself").isTrue();
      assertThat(same.getAgreement()).isEqualTo(1.0);
      assertThat(same.getConfidenceDelta()).isEqualTo(0.0);
      long perFrame = detections.stream().filter(d -> d.getFrame().getSeq() == 1).count();
      assertThat(same.getProductionOutput()).startsWith(perFrame + " plate(s): ");
      assertThat(same.getShadowOutput()).isEqualTo(same.getProductionOutput());
      assertThat(meters.get("platestream.shadow.failures").counter().count()).isEqualTo(1);
      assertThat(
              meters.get("platestream.shadow.comparisons").tag("agree", "true").counter().count())
          .isEqualTo(1);
    }
  }

  private TopologyTestDriver batchedDriver(Batching batching) {
    return batchedDriver(batching, DetectorMetrics.discarding());
  }

  private TopologyTestDriver batchedDriver(Batching batching, DetectorMetrics metrics) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "detector-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(
        DetectorTopology.build(
            DetectorTopology.Spec.of(
                    registry,
                    io.platestream.models.serving.ModelSource.fixed(
                        PlateDetector.withDefaults(model), new ModelRef("plate-detector", 1)))
                .withMetrics(metrics)
                .withBatching(batching)
                .withTopics(frames, plates)),
        props,
        java.time.Instant.ofEpochMilli(0));
  }

  /**
   * Advances the wall clock a tick at a time until no frame waits in the store, so every frame has
   * gone out (side by side, finished frames go out at a tick). Waits up to a minute of real time
   * for the workers, which is not what the tests measure.
   */
  private static void awaitAllForwarded(TopologyTestDriver driver) throws InterruptedException {
    org.apache.kafka.streams.state.KeyValueStore<Long, byte[]> pending =
        driver.getKeyValueStore(DetectorTopology.PENDING_STORE);
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (pending != null && pending.approximateNumEntries() > 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(pending.approximateNumEntries() + " frames still in the store");
      }
      Thread.sleep(20);
      driver.advanceWallClockTime(SideBySideDetectProcessor.FORWARD_TICK);
    }
  }

  /** The detection ids of frames 1..{@code count} of the scene, each detected as it comes. */
  private List<String> unbatchedDetectionIds(Scene scene, int count) {
    AvroSerializer<Frame> serializer = new AvroSerializer<>(registry);
    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(frames, new StringSerializer(), new ByteArraySerializer());
      for (int seq = 1; seq <= count; seq++) {
        input.pipeInput(
            "gate-1", serializer.serialize(frames, StageFixtures.frame("gate-1", seq, scene)));
      }
      return detectionIds(driver);
    }
  }

  private List<String> detectionIds(TopologyTestDriver driver) {
    return detections(driver).stream().map(d -> d.getDetectionId().toString()).toList();
  }

  private List<PlateDetection> detections(TopologyTestDriver driver) {
    return driver
        .createOutputTopic(
            plates,
            new StringDeserializer(),
            new AvroDeserializer<>(PlateDetection.class, registry))
        .readValuesToList();
  }

  static double iou(PlateDetection detection, PlateInstance plate) {
    var q = detection.getPolygon();
    Polygon found =
        new Polygon(
            List.of(
                new Point2(q.getTopLeft().getX(), q.getTopLeft().getY()),
                    new Point2(q.getTopRight().getX(), q.getTopRight().getY()),
                new Point2(q.getBottomRight().getX(), q.getBottomRight().getY()),
                    new Point2(q.getBottomLeft().getX(), q.getBottomLeft().getY())));
    return PolygonIoU.iou(found, new Polygon(plate.corners()));
  }

  private static String header(TestRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}

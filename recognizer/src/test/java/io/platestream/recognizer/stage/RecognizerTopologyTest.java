package io.platestream.recognizer.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.render.FontsAvailableAccess;
import io.platestream.models.serving.ModelSource;
import io.platestream.models.serving.Shadow;
import io.platestream.models.serving.ShadowMetrics;
import io.platestream.models.serving.ShadowShare;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.schemas.DeadLetters;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateEvent;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.ShadowComparison;
import io.platestream.schemas.Topics;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
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

/** The stage with the real model and registry, driven by TopologyTestDriver. */
@ExtendWith(EmbeddedPlatformExtension.class)
class RecognizerTopologyTest {
  private static OnnxRecognizerModel model;
  private SchemaRegistryClient registry;
  private RecognizerTopology.TopicNames topics;

  @BeforeAll
  static void loadModel() {
    FontsAvailableAccess.require();
    model = OnnxRecognizerModel.pretrained(2);
  }

  @AfterAll
  static void closeModel() {
    model.close();
  }

  @BeforeEach
  void setUp(EmbeddedPlatform platform) {
    registry = platform.newRegistryClient();
    topics =
        new RecognizerTopology.TopicNames(
            TestTopics.unique("plates"), TestTopics.unique("reads"), TestTopics.unique("events"));
  }

  @Test
  void readsEveryPlateAndEmitsOneEventPerPassWhilePoisonGoesToTheDeadLetterTopic() {
    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<String, byte[]> plates =
          driver.createInputTopic(
              topics.plates(), new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<PlateDetection> serializer = new AvroSerializer<>(registry);
      long t0 = 1_700_000_000_000L;
      for (int i = 0; i < 6; i++) {
        send(
            plates,
            serializer,
            PlateStreamFixtures.detection("gate", i, t0 + i * 200L, "京A18345", i));
      }
      plates.pipeInput("gate", "not a plate detection".getBytes(StandardCharsets.UTF_8));
      // A second car follows right after the first.
      for (int i = 6; i < 12; i++) {
        send(
            plates,
            serializer,
            PlateStreamFixtures.detection("gate", i, t0 + i * 200L, "沪B6789D", i));
      }
      driver.advanceWallClockTime(Duration.ofSeconds(5));

      List<PlateRead> reads = reads(driver);
      List<PlateEvent> all = events(driver);
      List<PlateEvent> events = finals(all);
      TestOutputTopic<String, byte[]> dlq =
          driver.createOutputTopic(
              Topics.deadLetter(topics.plates()),
              new StringDeserializer(),
              new ByteArrayDeserializer());

      assertThat(reads).hasSize(12);
      assertThat(reads)
          .allSatisfy(
              r ->
                  assertThat(r.getRecognizer().getName().toString()).isEqualTo("plate-recognizer"));
      assertThat(events).hasSize(2);
      PlateEvent first =
          events.stream().filter(e -> e.getFirstSeenMs() == t0).findFirst().orElseThrow();
      assertThat(first.getReadCount()).isEqualTo(6);
      assertThat(first.getLastSeenMs()).isEqualTo(t0 + 1000);
      assertThat(first.getEventId().toString()).isEqualTo("gate/gate/0/0");
      // The event's plate is the reads' majority: what the pass as a whole saw.
      assertThat(first.getPlate().toString()).isEqualTo(majority(reads.subList(0, 6)));
      assertThat(first.getBestCrop().remaining()).isPositive();
      // Each pass was announced once while in view, before its final event and with its id.
      List<PlateEvent> early = all.stream().filter(PlateEvent::getProvisional).toList();
      assertThat(early)
          .extracting(e -> e.getEventId().toString())
          .containsExactlyInAnyOrderElementsOf(
              events.stream().map(e -> e.getEventId().toString()).toList());
      for (PlateEvent announced : early) {
        assertThat(all.indexOf(announced))
            .isLessThan(
                all.indexOf(
                    events.stream()
                        .filter(e -> e.getEventId().equals(announced.getEventId()))
                        .findFirst()
                        .orElseThrow()));
        assertThat(announced.getReadCount()).isEqualTo(2);
      }

      TestRecord<String, byte[]> poison = dlq.readRecord();
      assertThat(new String(poison.value(), StandardCharsets.UTF_8))
          .isEqualTo("not a plate detection");
      assertThat(poison.headers().lastHeader(DeadLetters.STAGE).value())
          .isEqualTo("recognizer".getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aPassStillInViewIsAnnouncedEarlyAndInFullOnlyWhenTheCameraIsIdle() {
    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<String, byte[]> plates =
          driver.createInputTopic(
              topics.plates(), new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<PlateDetection> serializer = new AvroSerializer<>(registry);
      for (int i = 0; i < 3; i++) {
        send(
            plates,
            serializer,
            PlateStreamFixtures.detection("lane-2", i, 1_000 + i * 200L, "粤C24680", i));
      }
      driver.advanceWallClockTime(Duration.ofSeconds(1));
      List<PlateEvent> early = events(driver);
      assertThat(early).hasSize(1);
      assertThat(early.get(0).getProvisional()).isTrue();
      assertThat(early.get(0).getReadCount()).as("announced at the second sure read").isEqualTo(2);
      driver.advanceWallClockTime(Duration.ofSeconds(4));
      List<PlateEvent> closed = events(driver);
      assertThat(closed).hasSize(1);
      assertThat(closed.get(0).getProvisional()).isFalse();
      assertThat(closed.get(0).getReadCount()).isEqualTo(3);
      assertThat(closed.get(0).getEventId()).isEqualTo(early.get(0).getEventId());
    }
  }

  @Test
  void anEventShowsTheFrameOfItsBestReadWithThePlateOutlined() throws Exception {
    // A grey 640 x 360 snapshot of the 1280 x 720 frame; the fixture's plate lies at
    // (100, 100)-(240, 145) in the frame, so at (50, 50)-(120, 72) in the snapshot.
    java.awt.image.BufferedImage grey =
        new java.awt.image.BufferedImage(640, 360, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = grey.createGraphics();
    g.setColor(new java.awt.Color(90, 90, 90));
    g.fillRect(0, 0, 640, 360);
    g.dispose();
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(grey, "jpeg", jpeg);
    try (TopologyTestDriver driver = driver()) {
      TestInputTopic<String, byte[]> plates =
          driver.createInputTopic(
              topics.plates(), new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<PlateDetection> serializer = new AvroSerializer<>(registry);
      for (int i = 0; i < 3; i++) {
        PlateDetection detection =
            PlateDetection.newBuilder(
                    PlateStreamFixtures.detection("gate", i, 1_000 + i * 200L, "京A18345", i))
                .setSnapshot(java.nio.ByteBuffer.wrap(jpeg.toByteArray()))
                .build();
        send(plates, serializer, detection);
      }
      driver.advanceWallClockTime(Duration.ofSeconds(10));
      List<PlateEvent> events = finals(events(driver));
      assertThat(events).hasSize(1);
      java.nio.ByteBuffer snapshot = events.get(0).getBestSnapshot();
      byte[] bytes = new byte[snapshot.remaining()];
      snapshot.duplicate().get(bytes);
      java.awt.image.BufferedImage shown =
          javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
      assertThat(shown.getWidth()).isEqualTo(640);
      java.awt.Color onOutline = new java.awt.Color(shown.getRGB(85, 50));
      java.awt.Color inside = new java.awt.Color(shown.getRGB(85, 61));
      assertThat(onOutline.getRed()).as("the outline is drawn").isGreaterThan(180);
      assertThat(onOutline.getBlue()).isLessThan(120);
      assertThat(inside.getRed()).as("inside the outline the frame shows").isLessThan(130);
    }
  }

  @Test
  void cropsOlderThanTheStageKeepsAreShedAndCountedWhileFreshOnesAreRead() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry meters =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    RecognizerMetrics metrics = new RecognizerMetrics(meters, Duration.ofMillis(2500));
    try (TopologyTestDriver driver = driver(metrics)) {
      driver.advanceWallClockTime(Duration.ofSeconds(100)); // the driver's clock starts at 0
      TestInputTopic<String, byte[]> plates =
          driver.createInputTopic(
              topics.plates(), new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<PlateDetection> serializer = new AvroSerializer<>(registry);
      send(plates, serializer, PlateStreamFixtures.detection("gate", 1, 10_000, "京A18345", 0));
      send(plates, serializer, PlateStreamFixtures.detection("gate", 2, 99_000, "京A18345", 1));

      assertThat(reads(driver))
          .extracting(read -> read.getDetectionId().toString())
          .containsExactly("gate/2/0");
      assertThat(meters.get("platestream.stage.shed").tag("stage", "recognize").counter().count())
          .isEqualTo(1);
      assertThat(metrics.lag().lagMs(100_000)).isEqualTo(1_000);
    }
  }

  @Test
  void aShadowVersionReadsItsShareOfCropsBesideProductionAndReportsWhereTheyDiffer() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    String shadowTopic = topics.reads() + ".shadow";
    ShadowShare half = new ShadowShare(0.5);
    // The shadow: the same network decoded for Latin plates only, so it cannot read a province.
    CropReader latinOnly =
        CropReader.of(
            PlateRecognizer.withDefaults(model),
            new GrammarBeamDecoder(
                CharacterDictionary.ppocrKeysV1(), PlateGrammar.genericAlphanumeric(), 16, 6, 5));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recognizer-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            RecognizerTopology.build(
                RecognizerTopology.Spec.of(
                        registry,
                        ModelSource.fixed(chineseReader(), new ModelRef("plate-recognizer", 1)),
                        PlateGrammar.chineseMainland()::accepts)
                    .withShadow(
                        new Shadow<>(
                            ModelSource.fixed(latinOnly, new ModelRef("plate-recognizer", 2)),
                            half,
                            new ShadowMetrics(meters, "plate-recognizer"),
                            shadowTopic))
                    .withTopics(topics)),
            props,
            Instant.ofEpochMilli(0))) {
      TestInputTopic<String, byte[]> plates =
          driver.createInputTopic(
              topics.plates(), new StringSerializer(), new ByteArraySerializer());
      AvroSerializer<PlateDetection> serializer = new AvroSerializer<>(registry);
      for (int i = 0; i < 20; i++) {
        send(
            plates,
            serializer,
            PlateStreamFixtures.detection("gate", i, 1_000 + i * 200L, "京A18345", i));
      }

      Map<String, PlateRead> reads =
          reads(driver).stream()
              .collect(Collectors.toMap(r -> r.getDetectionId().toString(), r -> r));
      List<ShadowComparison> comparisons =
          driver
              .createOutputTopic(
                  shadowTopic,
                  new StringDeserializer(),
                  new AvroDeserializer<>(ShadowComparison.class, registry))
              .readValuesToList();

      assertThat(reads).hasSize(20);
      assertThat(reads.values())
          .allSatisfy(r -> assertThat(r.getRecognizer().getVersion()).isEqualTo(1));
      assertThat(comparisons.stream().map(c -> c.getInputId().toString()))
          .containsExactlyElementsOf(
              reads.keySet().stream().filter(half::covers).sorted(this::bySeq).toList());
      assertThat(comparisons).hasSizeBetween(3, 17);
      assertThat(comparisons)
          .allSatisfy(
              c -> {
                PlateRead production = reads.get(c.getInputId().toString());
                assertThat(c.getProductionOutput()).isEqualTo(production.getText());
                assertThat(c.getShadowOutput().toString()).doesNotContain("京");
                assertThat(c.getAgree()).isFalse();
                assertThat(c.getAgreement()).isZero();
                assertThat(c.getShadow().getVersion()).isEqualTo(2);
                assertThat(c.getCameraId()).isEqualTo("gate");
              });
      assertThat(
              meters.get("platestream.shadow.comparisons").tag("agree", "false").counter().count())
          .isEqualTo(comparisons.size());
    }
  }

  private int bySeq(String a, String b) {
    return Long.compare(seq(a), seq(b));
  }

  private static long seq(String detectionId) {
    return Long.parseLong(detectionId.split("/")[1]);
  }

  private static CropReader chineseReader() {
    return CropReader.of(
        PlateRecognizer.withDefaults(model),
        GrammarBeamDecoder.chineseDefaults(CharacterDictionary.ppocrKeysV1()));
  }

  private TopologyTestDriver driver() {
    return driver(RecognizerMetrics.discarding());
  }

  private TopologyTestDriver driver(RecognizerMetrics metrics) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recognizer-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    return new TopologyTestDriver(
        RecognizerTopology.build(
            RecognizerTopology.Spec.of(
                    registry,
                    CropReader.of(
                        PlateRecognizer.withDefaults(model),
                        GrammarBeamDecoder.chineseDefaults(CharacterDictionary.ppocrKeysV1())),
                    new ModelRef("plate-recognizer", 1),
                    PlateGrammar.chineseMainland()::accepts)
                .withMetrics(metrics)
                .withTopics(topics)),
        props,
        Instant.ofEpochMilli(0));
  }

  private void send(
      TestInputTopic<String, byte[]> plates,
      AvroSerializer<PlateDetection> serializer,
      PlateDetection detection) {
    plates.pipeInput(
        detection.getFrame().getCameraId().toString(),
        serializer.serialize(topics.plates(), detection));
  }

  private List<PlateRead> reads(TopologyTestDriver driver) {
    return driver
        .createOutputTopic(
            topics.reads(),
            new StringDeserializer(),
            new AvroDeserializer<>(PlateRead.class, registry))
        .readValuesToList();
  }

  /** The final event of each pass, without the early ones. */
  private static List<PlateEvent> finals(List<PlateEvent> events) {
    return events.stream().filter(e -> !e.getProvisional()).toList();
  }

  private List<PlateEvent> events(TopologyTestDriver driver) {
    return driver
        .createOutputTopic(
            topics.events(),
            new StringDeserializer(),
            new AvroDeserializer<>(PlateEvent.class, registry))
        .readValuesToList();
  }

  private static String majority(List<PlateRead> reads) {
    Map<String, Long> counts =
        reads.stream()
            .collect(Collectors.groupingBy(r -> r.getText().toString(), Collectors.counting()));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }
}

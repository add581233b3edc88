package io.platestream.app.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.platestream.datasets.image.Images;
import io.platestream.pipeline.StreamsStage;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.GrammarBeamDecoder;
import io.platestream.recognizer.inference.OnnxRecognizerModel;
import io.platestream.recognizer.inference.PlateGrammar;
import io.platestream.recognizer.inference.PlateRecognizer;
import io.platestream.recognizer.stage.CropReader;
import io.platestream.recognizer.stage.RecognizerTopology;
import io.platestream.schemas.ContractExamples;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.PlateDetection;
import io.platestream.schemas.PlateRead;
import io.platestream.schemas.registry.RegistryClientConfig;
import io.platestream.schemas.registry.RestSchemaRegistryClient;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.schemas.serde.AvroSerializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestConsumers;
import io.platestream.testing.TestTopics;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry answers 503 while a stage with empty schema caches starts: the stage waits
 * and tries the same records again (it says what it waits for on its status page), nothing goes to
 * the dead-letter topic, and every record is read once the registry is back.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class RegistryOutageTest {
  private static final int DETECTIONS = 4;
  private static final long OUTAGE_MS = 30_000; // as the fault list asks

  @Test
  void aRegistryOutageIsWaitedOutNotDeadLettered(EmbeddedPlatform platform, @TempDir Path state)
      throws Exception {
    RecognizerTopology.TopicNames topics =
        new RecognizerTopology.TopicNames(
            TestTopics.create(platform, "plates", 1),
            TestTopics.create(platform, "reads", 1),
            TestTopics.create(platform, "events", 1));
    String deadLetters = topics.plates() + ".dlq";
    platform.kafka().createTopics(1, deadLetters);
    SchemaRegistryClient direct = platform.newRegistryClient();
    try (KafkaProducer<String, PlateDetection> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()),
            new StringSerializer(),
            new AvroSerializer<>(direct))) {
      for (int i = 0; i < DETECTIONS; i++) {
        PlateDetection detection =
            PlateDetection.newBuilder(ContractExamples.detection())
                .setDetectionId("outage-cam/" + i + "/0")
                .setCrop(ByteBuffer.wrap(Images.jpeg(blankCrop(), 90)))
                .build();
        producer.send(new ProducerRecord<>(topics.plates(), "outage-cam", detection)).get();
      }
    }

    try (RegistryOutage registry = new RegistryOutage(platform.schemaRegistryUrl());
        OnnxRecognizerModel model = OnnxRecognizerModel.pretrained(1)) {
      // The stage's own client, with nothing cached, gives up after two quick retries.
      SchemaRegistryClient throughOutage =
          new RestSchemaRegistryClient(
              RegistryClientConfig.of(registry.url())
                  .withRetries(2, Duration.ofMillis(100), Duration.ofMillis(200)));
      registry.down(true);
      long outageEnds = System.currentTimeMillis() + OUTAGE_MS;
      List<String> waitedFor = new ArrayList<>();
      try (StreamsStage stage =
              StreamsStage.start(
                  "recognize",
                  "outage-" + UUID.randomUUID(),
                  RecognizerTopology.build(
                      RecognizerTopology.Spec.of(
                              throughOutage,
                              CropReader.of(
                                  PlateRecognizer.withDefaults(model),
                                  GrammarBeamDecoder.chineseDefaults(
                                      CharacterDictionary.ppocrKeysV1())),
                              new ModelRef("plate-recognizer", 1),
                              PlateGrammar.chineseMainland()::accepts)
                          .withTopics(topics)),
                  platform.bootstrapServers(),
                  state,
                  new SimpleMeterRegistry());
          KafkaConsumer<String, PlateRead> reads =
              TestConsumers.readCommitted(
                  platform, topics.reads(), new AvroDeserializer<>(PlateRead.class, direct));
          KafkaConsumer<String, byte[]> dead =
              TestConsumers.readCommitted(platform, deadLetters, new ByteArrayDeserializer())) {
        List<PlateRead> read = new ArrayList<>();
        int deadLettered = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && read.size() < DETECTIONS) {
          if (System.currentTimeMillis() > outageEnds) {
            registry.down(false);
          } else {
            assertThat(read).as("nothing is read while the registry is away").isEmpty();
          }
          Object waiting = stage.status(Map.of()).get("waitingFor");
          if (waiting != null && !waiting.toString().isEmpty()) {
            waitedFor.add(waiting.toString());
          }
          reads.poll(Duration.ofMillis(200)).forEach(r -> read.add(r.value()));
          deadLettered += dead.poll(Duration.ofMillis(50)).count();
        }
        // Anything dead-lettered late would show within a few more polls.
        for (int i = 0; i < 10; i++) {
          deadLettered += dead.poll(Duration.ofMillis(200)).count();
          reads.poll(Duration.ofMillis(50)).forEach(r -> read.add(r.value()));
        }
        System.out.printf(
            "registry outage: %d ms of 503 (%d requests refused), detections in %d, read %d,"
                + " dead-lettered %d, duplicates %d%n",
            OUTAGE_MS,
            registry.refused(),
            DETECTIONS,
            read.size(),
            deadLettered,
            read.size() - read.stream().map(r -> r.getDetectionId().toString()).distinct().count());
        assertThat(registry.refused()).as("the stage did meet the outage").isPositive();
        assertThat(waitedFor).anyMatch(reason -> reason.contains("schema registry unavailable"));
        assertThat(deadLettered).isZero();
        assertThat(read)
            .extracting(r -> r.getDetectionId().toString())
            .containsExactly(
                "outage-cam/0/0", "outage-cam/1/0", "outage-cam/2/0", "outage-cam/3/0");
        assertThat(stage.failure()).isNull();
      }
    }
  }

  private static BufferedImage blankCrop() {
    BufferedImage crop = new BufferedImage(160, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = crop.createGraphics();
    g.setColor(new Color(20, 60, 160));
    g.fillRect(0, 0, 160, 48);
    g.dispose();
    return crop;
  }
}

package io.platestream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.publish.IngestLedger;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.testing.Eventually;
import io.platestream.ingest.testing.TestClips;
import io.platestream.ingest.worker.CameraState;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.KafkaClients;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.schemas.LedgerEntry;
import io.platestream.schemas.registry.SchemaRegistryClient;
import io.platestream.schemas.serde.AvroDeserializer;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's ledger rows on the real broker: every sampled frame counted once by how it ended, the
 * counts of a restarted camera added to its earlier ones, and a new process carrying on from the
 * totals its last row held.
 */
@ExtendWith(EmbeddedPlatformExtension.class)
class IngestLedgerTest {
  @TempDir Path dir;

  @Test
  void everySampledFrameIsCountedAndTotalsCarryOverRestarts(EmbeddedPlatform platform)
      throws Exception {
    Path clip = TestClips.h264(320, 180, 2);
    String frames = TestTopics.create(platform, "frames", 1);
    String ledgerTopic = TestTopics.create(platform, "ledger", 1);
    Map<String, Long> earlier = Map.of("sampled", 100L, "published", 97L, "dropped_queue_full", 3L);
    IngestSettings settings =
        IngestSettings.defaults(dir.resolve("state"))
            .withTopic(frames)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(1));
    CameraConfig once = CameraConfig.of("once", clip.toString()).withRealtime(false);
    try (Producer<String, Frame> producer =
            FrameProducers.create(
                platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
        IngestService ingest =
            new IngestService(
                settings,
                FfmpegVideoSource::open,
                producer,
                OperatorEndpoint.newRegistry(),
                new IngestLedger(
                    FrameProducers.create(
                        platform.bootstrapServers(),
                        platform.schemaRegistryUrl(),
                        Map.of(),
                        "ledger-test"),
                    ledgerTopic,
                    camera -> camera.equals("once") ? earlier : Map.of()))) {
      // The file twice: the second time as a restart with other settings.
      ingest.apply(List.of(once));
      awaitFinished(ingest);
      ingest.apply(List.of(once.withSampleFps(4)));
      awaitFinished(ingest);
      ingest.stopAll();
    }

    long inKafka;
    Map<String, Long> counts;
    try (SchemaRegistryClient registry = platform.newRegistryClient()) {
      inKafka =
          KafkaClients.readAll(
                  platform.bootstrapServers(),
                  frames,
                  new AvroDeserializer<>(Frame.class, registry),
                  Duration.ofSeconds(30))
              .size();
      Map<String, LedgerEntry> rows =
          KafkaClients.latestByKey(
              platform.bootstrapServers(),
              ledgerTopic,
              new AvroDeserializer<>(LedgerEntry.class, registry),
              Duration.ofSeconds(30));
      assertThat(rows).containsOnlyKeys("ingest/once");
      counts = new java.util.HashMap<>();
      for (var count : rows.get("ingest/once").getCounts().entrySet()) {
        counts.put(count.getKey().toString(), count.getValue());
      }
    }
    System.out.println("ingest ledger: " + counts + ", frames in Kafka " + inKafka);
    assertThat(counts.get("published")).as("carried 97 plus both runs").isEqualTo(97 + inKafka);
    assertThat(counts.get("dropped_queue_full")).isEqualTo(3);
    assertThat(counts.get("sampled"))
        .as("every sampled frame ended one way")
        .isEqualTo(
            counts.get("skipped_no_motion")
                + counts.get("published")
                + counts.get("dropped_queue_full")
                + counts.get("dropped_publish_failed"));
  }

  private static void awaitFinished(IngestService ingest) throws Exception {
    Eventually.await(
        () ->
            ingest.statuses().stream()
                .allMatch(s -> s.state() == CameraState.FINISHED && s.lastSeq() >= 0),
        Duration.ofSeconds(60),
        () -> "the end of the file: " + ingest.statuses());
  }
}

package io.platestream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.testing.Eventually;
import io.platestream.ingest.testing.FrameCollector;
import io.platestream.ingest.testing.TestClips;
import io.platestream.ingest.worker.CameraState;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker goes away for a few seconds under load. Its own platform, not the shared one: the
 * other tests' broker stays up.
 */
class BrokerOutageTest {

  @Test
  void framesAreDroppedAndCountedWhileTheBrokerIsDownAndFlowAgainAfter(@TempDir Path state)
      throws Exception {
    Path clip = TestClips.h264(320, 180, 2);
    try (EmbeddedPlatform platform = EmbeddedPlatform.start()) {
      String topic = TestTopics.create(platform, "frames", 1);
      IngestSettings settings =
          IngestSettings.defaults(state)
              .withTopic(topic)
              .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(1));
      try (Producer<String, Frame> producer =
              FrameProducers.create(
                  platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
          IngestService ingest =
              new IngestService(
                  settings, FfmpegVideoSource::open, producer, OperatorEndpoint.newRegistry())) {
        // 10 frames a second in real time, for as long as the test needs.
        ingest.apply(
            List.of(CameraConfig.of("busy", clip.toString()).withLoop(true).withSampleFps(10)));
        Eventually.await(
            () -> status(ingest).publishedFrames() >= 10,
            Duration.ofSeconds(60),
            () -> "frames before the outage: " + status(ingest));

        platform.kafka().stopBroker();
        Thread.sleep(6000);
        long publishedDuringOutage = status(ingest).publishedFrames();
        platform.kafka().startBroker();
        long backAt = System.currentTimeMillis();

        Eventually.await(
            () -> status(ingest).publishedFrames() >= publishedDuringOutage + 30,
            Duration.ofSeconds(60),
            () -> "frames after the outage: " + status(ingest));
        CameraStatus after = status(ingest);
        assertThat(after.droppedFrames()).as("frames dropped, counted").isPositive();
        assertThat(after.state()).isEqualTo(CameraState.CONNECTED);

        try (FrameCollector frames =
            new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
          List<ConsumerRecord<String, Frame>> records =
              frames.awaitRecords(
                  r -> !r.isEmpty() && r.get(r.size() - 1).value().getIngestTimeMs() > backAt,
                  Duration.ofSeconds(60),
                  "frames ingested after the broker came back");
          for (int i = 1; i < records.size(); i++) {
            assertThat(records.get(i).value().getSeq())
                .isGreaterThan(records.get(i - 1).value().getSeq());
          }
          // The gap in sequence numbers is the frames dropped while the broker was down.
          long last = records.get(records.size() - 1).value().getSeq();
          assertThat(last + 1 - records.size()).isPositive();
        }
      }
    }
  }

  private static CameraStatus status(IngestService ingest) {
    return ingest.statuses().get(0);
  }
}

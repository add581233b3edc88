package io.platestream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.testing.FrameCollector;
import io.platestream.ingest.testing.MjpegTestServer;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An HTTP MJPEG camera, the kind many IP cameras serve. */
@ExtendWith(EmbeddedPlatformExtension.class)
class HttpCameraTest {
  private final EmbeddedPlatform platform;

  HttpCameraTest(EmbeddedPlatform platform) {
    this.platform = platform;
  }

  @Test
  void anMjpegStreamOverHttpIsSampledAtTheConfiguredRate(@TempDir Path state) throws Exception {
    String topic = TestTopics.create(platform, "frames", 1);
    try (MjpegTestServer camera = MjpegTestServer.start(320, 240, 20);
        Producer<String, Frame> producer =
            FrameProducers.create(
                platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
        IngestService ingest =
            new IngestService(
                IngestSettings.defaults(state).withTopic(topic),
                FfmpegVideoSource::open,
                producer,
                OperatorEndpoint.newRegistry());
        FrameCollector frames =
            new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      ingest.apply(List.of(CameraConfig.of("http-cam", camera.url())));

      List<ConsumerRecord<String, Frame>> records =
          frames.awaitRecords(r -> r.size() >= 15, Duration.ofSeconds(60), "15 frames");
      assertThat(records).allSatisfy(r -> assertThat(r.value().getWidth()).isEqualTo(320));
      long span =
          records.get(14).value().getCaptureTimeMs() - records.get(4).value().getCaptureTimeMs();
      // Ten sampling intervals of 200 ms each, by the stream's clock.
      assertThat(span).isBetween(1800L, 2200L);
    }
  }
}

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
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Local files as cameras: looping, finishing, and files that are not video at all. */
@ExtendWith(EmbeddedPlatformExtension.class)
class FileCameraTest {
  private static Path clip;
  private static double clipSeconds;

  private final EmbeddedPlatform platform;
  private String topic;
  private Producer<String, Frame> producer;
  private IngestService ingest;
  @TempDir Path dir;

  FileCameraTest(EmbeddedPlatform platform) {
    this.platform = platform;
  }

  @BeforeAll
  static void renderClip() throws Exception {
    clip = TestClips.h264(320, 180, 2);
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
      grabber.start();
      clipSeconds = grabber.getLengthInTime() / 1e6;
    }
  }

  @BeforeEach
  void startIngest() {
    topic = TestTopics.create(platform, "frames", 1);
    producer =
        FrameProducers.create(platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
    IngestSettings settings =
        IngestSettings.defaults(dir.resolve("state"))
            .withTopic(topic)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(1));
    ingest =
        new IngestService(
            settings, FfmpegVideoSource::open, producer, OperatorEndpoint.newRegistry());
  }

  @AfterEach
  void stop() {
    ingest.close();
    producer.close();
  }

  @Test
  void aLoopingFileIsANeverEndingCameraWithIncreasingCaptureTimes() throws Exception {
    ingest.apply(
        List.of(CameraConfig.of("replay", clip.toString()).withLoop(true).withRealtime(false)));
    int threePasses = (int) (3 * clipSeconds * 5) + 1;
    try (FrameCollector frames =
        new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      List<ConsumerRecord<String, Frame>> records =
          frames.awaitRecords(r -> r.size() >= threePasses, Duration.ofSeconds(60), "three passes");
      System.out.println(
          "CAPTURE " + records.stream().map(r -> r.value().getCaptureTimeMs() % 100000).toList());
      for (int i = 1; i < records.size(); i++) {
        Frame previous = records.get(i - 1).value();
        Frame frame = records.get(i).value();
        assertThat(frame.getSeq()).isGreaterThan(previous.getSeq());
        // Sampled at 5 fps of stream time, across the seams between passes too.
        assertThat(frame.getCaptureTimeMs() - previous.getCaptureTimeMs()).isBetween(160L, 240L);
      }
    }
  }

  @Test
  void aFileWithoutLoopFinishesAfterPublishingItsSampledFrames() throws Exception {
    ingest.apply(List.of(CameraConfig.of("once", clip.toString()).withRealtime(false)));
    Eventually.await(
        () -> status("once").state() == CameraState.FINISHED,
        Duration.ofSeconds(60),
        () -> "the end of the file: " + status("once"));
    Eventually.await(
        () -> status("once").publishedFrames() >= (long) (clipSeconds * 5),
        Duration.ofSeconds(30),
        () -> "the last acknowledgements: " + status("once"));
    assertThat(status("once").publishedFrames())
        .isBetween((long) (clipSeconds * 5), (long) (clipSeconds * 5) + 1);
  }

  @Test
  void filesThatAreNotVideoGetAClearReasonAndRetries() throws Exception {
    Path garbage = Files.write(dir.resolve("garbage.mp4"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    ingest.apply(
        List.of(
            CameraConfig.of("garbage", garbage.toString()),
            CameraConfig.of("missing", dir.resolve("missing.mp4").toString())));
    Eventually.await(
        () -> status("garbage").reconnects() >= 2 && status("missing").reconnects() >= 2,
        Duration.ofSeconds(30),
        () -> "retries: " + ingest.statuses());
    assertThat(status("garbage").reason())
        .startsWith("cannot open " + garbage)
        .contains("Invalid data found when processing input");
    assertThat(status("missing").reason()).contains("No such file or directory");
    assertThat(status("garbage").state()).isEqualTo(CameraState.RECONNECTING);
  }

  private CameraStatus status(String camera) {
    return ingest.statuses().stream()
        .filter(s -> s.cameraId().equals(camera))
        .findFirst()
        .orElseThrow();
  }
}

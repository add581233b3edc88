package io.platestream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.ingest.config.CamerasFileWatcher;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.testing.Eventually;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Editing the camera file restarts only the cameras whose settings changed. */
@ExtendWith(EmbeddedPlatformExtension.class)
class CameraReloadTest {
  private final EmbeddedPlatform platform;
  @TempDir Path dir;

  CameraReloadTest(EmbeddedPlatform platform) {
    this.platform = platform;
  }

  @Test
  void aChangedFileRestartsOnlyTheChangedCameraAndABadEditKeepsTheOldList() throws Exception {
    Path clip = TestClips.h264(320, 180, 2);
    Path cameras = dir.resolve("cameras.yaml");
    Files.writeString(cameras, yaml(clip, 5));
    List<List<String>> restarts = new CopyOnWriteArrayList<>();
    try (Producer<String, Frame> producer =
            FrameProducers.create(
                platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
        IngestService ingest =
            new IngestService(
                IngestSettings.defaults(dir.resolve("state"))
                    .withTopic(TestTopics.create(platform, "frames", 1)),
                FfmpegVideoSource::open,
                producer,
                OperatorEndpoint.newRegistry());
        CamerasFileWatcher watcher =
            new CamerasFileWatcher(
                cameras, Duration.ofMillis(100), list -> restarts.add(ingest.apply(list)))) {
      assertThat(restarts).containsExactly(List.of("steady", "tuned"));
      Eventually.await(
          () -> status(ingest, "steady").publishedFrames() >= 3,
          Duration.ofSeconds(30),
          () -> "frames of the steady camera");
      long steadyBefore = status(ingest, "steady").publishedFrames();
      long steadyStarted = status(ingest, "steady").workerStartedMs();
      long tunedStarted = status(ingest, "tuned").workerStartedMs();
      Thread.sleep(5); // so that a restarted worker has a later start time

      Files.writeString(cameras, yaml(clip, 2)); // only "tuned" changes its rate
      Eventually.await(() -> restarts.size() == 2, Duration.ofSeconds(10), () -> "the reload");
      assertThat(restarts.get(1)).containsExactly("tuned");
      // The steady camera's worker is the same one: it was not restarted and its count went on.
      assertThat(status(ingest, "steady").workerStartedMs()).isEqualTo(steadyStarted);
      assertThat(status(ingest, "tuned").workerStartedMs()).isGreaterThan(tunedStarted);
      assertThat(status(ingest, "steady").publishedFrames()).isGreaterThanOrEqualTo(steadyBefore);
      assertThat(status(ingest, "steady").state()).isEqualTo(CameraState.CONNECTED);

      Files.writeString(cameras, "cameras:\n  - {id: broken, url: ftp://nowhere/x}\n");
      Eventually.await(
          () -> !watcher.lastError().isEmpty(), Duration.ofSeconds(10), () -> "the bad edit");
      assertThat(watcher.lastError()).contains("scheme 'ftp' is not supported");
      assertThat(restarts).hasSize(2);
      assertThat(ingest.statuses())
          .extracting(CameraStatus::cameraId)
          .containsExactly("steady", "tuned");
    }
  }

  private static String yaml(Path clip, int tunedFps) {
    return "cameras:\n"
        + "  - {id: steady, url: '"
        + clip
        + "', loop: true, sampleFps: 5}\n"
        + "  - {id: tuned, url: '"
        + clip
        + "', loop: true, sampleFps: "
        + tunedFps
        + "}\n";
  }

  private static CameraStatus status(IngestService ingest, String camera) {
    return ingest.statuses().stream()
        .filter(s -> s.cameraId().equals(camera))
        .findFirst()
        .orElseThrow();
  }
}

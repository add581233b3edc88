package io.platestream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.testing.Eventually;
import io.platestream.ingest.testing.FrameCollector;
import io.platestream.ingest.testing.RtspTestServer;
import io.platestream.ingest.testing.TestClips;
import io.platestream.ingest.worker.CameraState;
import io.platestream.ingest.worker.CameraStatus;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cameras served by a real RTSP server (GStreamer), ingested into the real embedded broker. */
@ExtendWith(EmbeddedPlatformExtension.class)
class RtspCameraTest {
  private static Path clip;

  private final EmbeddedPlatform platform;
  private final PrometheusMeterRegistry meters = OperatorEndpoint.newRegistry();
  private String topic;
  private Producer<String, Frame> producer;
  private IngestService ingest;
  private RtspTestServer server;

  RtspCameraTest(EmbeddedPlatform platform) {
    this.platform = platform;
  }

  @BeforeAll
  static void renderClip() {
    RtspTestServer.requireAvailable();
    clip = TestClips.h264(640, 360, 4);
  }

  @BeforeEach
  void startIngest(@TempDir Path state) throws Exception {
    topic = TestTopics.create(platform, "frames", 1);
    producer =
        FrameProducers.create(platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
    IngestSettings settings =
        IngestSettings.defaults(state)
            .withTopic(topic)
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2));
    ingest = new IngestService(settings, FfmpegVideoSource::open, producer, meters);
    server = RtspTestServer.start(clip, "cam");
  }

  @AfterEach
  void stop() {
    ingest.close();
    producer.close();
    server.close();
  }

  @Test
  void framesArriveDecodedAtTheSampledRate() throws Exception {
    String withCredentials = server.url().replace("rtsp://", "rtsp://operator:secret@");
    ingest.apply(List.of(CameraConfig.of("gate", withCredentials)));

    try (FrameCollector frames =
        new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      List<ConsumerRecord<String, Frame>> records =
          frames.awaitRecords(r -> r.size() >= 20, Duration.ofSeconds(60), "20 frames");

      for (ConsumerRecord<String, Frame> record : records) {
        Frame frame = record.value();
        assertThat(record.key()).isEqualTo("gate");
        assertThat(frame.getSourceUri().toString()).isEqualTo(server.url()); // credentials gone
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes(frame.getJpeg())));
        assertThat(image.getWidth()).isEqualTo(640).isEqualTo(frame.getWidth());
        assertThat(image.getHeight()).isEqualTo(360).isEqualTo(frame.getHeight());
      }
      assertIncreasingSequences(records);
      // 5 fps by the stream's clock: capture times 200 ms apart (the first connection's frames).
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < 15; i++) {
        gaps.add(
            records.get(i).value().getCaptureTimeMs()
                - records.get(i - 1).value().getCaptureTimeMs());
      }
      assertThat(gaps).allSatisfy(gap -> assertThat(gap).isBetween(199L, 201L));
    }
  }

  @Test
  void reconnectsByItselfWhenTheServerComesBack() throws Exception {
    ingest.apply(List.of(CameraConfig.of("gate", server.url())));
    try (FrameCollector frames =
        new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      frames.awaitRecords(r -> r.size() >= 5, Duration.ofSeconds(60), "frames before the outage");

      server.kill();
      Eventually.await(
          () -> status("gate").state() == CameraState.RECONNECTING,
          Duration.ofSeconds(30),
          () -> "the worker to notice the outage: " + status("gate"));
      int before = frames.records().size();
      long outageStarted = System.currentTimeMillis();
      Thread.sleep(3000);
      server.start();
      long restarted = System.currentTimeMillis();

      List<ConsumerRecord<String, Frame>> records =
          frames.awaitRecords(
              r -> r.size() >= before + 5,
              Duration.ofSeconds(10),
              "frames within 10 s of the restart");
      assertThat(records.get(before + 4).value().getIngestTimeMs()).isGreaterThan(outageStarted);
      assertIncreasingSequences(records);
      assertThat(status("gate").reconnects()).isPositive();
      assertThat(status("gate").state()).isEqualTo(CameraState.CONNECTED);
      assertThat(restarted).isGreaterThan(outageStarted);
    }
  }

  @Test
  void aHungServerIsDetectedByTheReadTimeoutAndLeftForAFreshConnection() throws Exception {
    ingest.apply(List.of(CameraConfig.of("gate", server.url())));
    try (FrameCollector frames =
        new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      frames.awaitRecords(r -> r.size() >= 5, Duration.ofSeconds(60), "frames before the hang");

      server.freeze(); // the TCP connection stays open; nothing more is sent
      Eventually.await(
          () -> status("gate").state() == CameraState.RECONNECTING,
          Duration.ofSeconds(60),
          () -> "the read timeout to notice the hang: " + status("gate"));
      server.thaw();

      int before = frames.records().size();
      List<ConsumerRecord<String, Frame>> records =
          frames.awaitRecords(
              r -> r.size() >= before + 5, Duration.ofSeconds(30), "frames after the thaw");
      assertIncreasingSequences(records);
      assertThat(status("gate").reconnects()).isPositive();
    }
  }

  @Test
  void aCameraCanBeReadOverUdp() throws Exception {
    try (RtspTestServer udpServer = RtspTestServer.start(clip, "udp-cam", "udp");
        FrameCollector frames =
            new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      ingest.apply(
          List.of(
              CameraConfig.of("udp", udpServer.url())
                  .withTransport(CameraConfig.RtspTransport.UDP)));
      List<ConsumerRecord<String, Frame>> records =
          frames.awaitRecords(r -> r.size() >= 10, Duration.ofSeconds(60), "frames over UDP");
      assertThat(records).allSatisfy(r -> assertThat(r.value().getWidth()).isEqualTo(640));
    }
  }

  @Test
  void aBadCameraNeverStopsAGoodOne() throws Exception {
    OperatorEndpoint endpoint =
        OperatorEndpoint.start("127.0.0.1", 0, meters, Map.of("/status", ingest::statuses));
    try (endpoint;
        FrameCollector frames =
            new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      ingest.apply(
          List.of(
              CameraConfig.of("good", server.url()),
              CameraConfig.of("refused", "rtsp://127.0.0.1:1/nothing-listens-here")));

      frames.awaitRecords(r -> r.size() >= 15, Duration.ofSeconds(60), "frames of the good camera");
      Eventually.await(
          () -> status("refused").reconnects() >= 2,
          Duration.ofSeconds(30),
          () -> "retries of the refused camera: " + status("refused"));

      assertThat(frames.records()).allSatisfy(r -> assertThat(r.key()).isEqualTo("good"));
      CameraStatus refused = status("refused");
      assertThat(refused.state()).isIn(CameraState.RECONNECTING, CameraState.CONNECTING);
      assertThat(refused.reason()).contains("cannot open rtsp://127.0.0.1:1/nothing-listens-here");
      // The counter moves in the producer's callback, which can run after a consumer already
      // holds the record: wait for it rather than read it once.
      Eventually.await(
          () -> status("good").publishedFrames() >= 15,
          Duration.ofSeconds(10),
          () -> "acknowledgements of the good camera's frames: " + status("good"));

      HttpClient http = HttpClient.newHttpClient();
      String statusPage = get(http, endpoint.url() + "/status");
      assertThat(statusPage)
          .contains("\"cameraId\" : \"refused\"")
          .contains("\"state\" : \"CONNECTED\"");
      String metrics = get(http, endpoint.url() + "/metrics");
      assertThat(metrics)
          .containsPattern("platestream_ingest_frames_published_total\\{camera=\"good\"} [1-9]")
          .containsPattern("platestream_ingest_reconnects_total\\{camera=\"refused\"} [1-9]");
    }
  }

  private CameraStatus status(String camera) {
    return ingest.statuses().stream()
        .filter(s -> s.cameraId().equals(camera))
        .findFirst()
        .orElseThrow();
  }

  private static void assertIncreasingSequences(List<ConsumerRecord<String, Frame>> records) {
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i).value().getSeq())
          .as("sequence of frame %d", i)
          .isGreaterThan(records.get(i - 1).value().getSeq());
    }
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] bytes = new byte[buffer.remaining()];
    buffer.duplicate().get(bytes);
    return bytes;
  }

  private static String get(HttpClient http, String url) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body();
  }
}

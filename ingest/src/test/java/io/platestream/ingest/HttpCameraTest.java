package io.platestream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.platestream.ingest.config.CameraConfig;
import io.platestream.ingest.publish.FrameProducers;
import io.platestream.ingest.source.FfmpegVideoSource;
import io.platestream.ingest.testing.FrameCollector;
import io.platestream.ingest.testing.MjpegTestServer;
import io.platestream.ingest.testing.TestClips;
import io.platestream.platform.EmbeddedPlatform;
import io.platestream.platform.OperatorEndpoint;
import io.platestream.schemas.Frame;
import io.platestream.testing.EmbeddedPlatformExtension;
import io.platestream.testing.TestTopics;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** HTTP cameras: MJPEG as many IP cameras serve it, and HLS as video gateways do. */
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

  @Test
  void anHlsPlaylistOverHttpIsDecoded(@TempDir Path dir) throws Exception {
    Path hls = Files.createDirectories(dir.resolve("hls"));
    writeHls(TestClips.h264(320, 180, 2), hls.resolve("index.m3u8"));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          Path file = hls.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
          if (!file.startsWith(hls) || !Files.isRegularFile(file)) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
          }
          byte[] bytes = Files.readAllBytes(file);
          exchange
              .getResponseHeaders()
              .set(
                  "Content-Type",
                  file.toString().endsWith(".m3u8")
                      ? "application/vnd.apple.mpegurl"
                      : "video/mp2t");
          exchange.sendResponseHeaders(200, bytes.length);
          try (var out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    String topic = TestTopics.create(platform, "frames", 1);
    try (Producer<String, Frame> producer =
            FrameProducers.create(
                platform.bootstrapServers(), platform.schemaRegistryUrl(), Map.of());
        IngestService ingest =
            new IngestService(
                IngestSettings.defaults(dir.resolve("state")).withTopic(topic),
                FfmpegVideoSource::open,
                producer,
                OperatorEndpoint.newRegistry());
        FrameCollector frames =
            new FrameCollector(platform.bootstrapServers(), platform.schemaRegistryUrl(), topic)) {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.m3u8";
      ingest.apply(List.of(CameraConfig.of("hls-cam", url)));

      List<ConsumerRecord<String, Frame>> records =
          frames.awaitRecords(r -> r.size() >= 10, Duration.ofSeconds(60), "10 frames");
      assertThat(records).allSatisfy(r -> assertThat(r.value().getWidth()).isEqualTo(320));
      assertThat(
              records.get(9).value().getCaptureTimeMs() - records.get(4).value().getCaptureTimeMs())
          .isBetween(900L, 1100L);
    } finally {
      server.stop(0);
    }
  }

  /** Re-encodes a clip as an HLS playlist of one-second MPEG-TS segments. */
  private static void writeHls(Path clip, Path playlist) throws Exception {
    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
      grabber.start();
      try (FFmpegFrameRecorder recorder =
          new FFmpegFrameRecorder(
              playlist.toFile(), grabber.getImageWidth(), grabber.getImageHeight(), 0)) {
        recorder.setFormat("hls");
        recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(grabber.getFrameRate());
        recorder.setGopSize(25);
        recorder.setOption("hls_time", "1");
        recorder.setOption("hls_list_size", "0");
        recorder.setOption("hls_playlist_type", "vod");
        recorder.start();
        org.bytedeco.javacv.Frame frame;
        while ((frame = grabber.grabImage()) != null) {
          recorder.record(frame);
        }
        recorder.stop();
      }
    }
  }
}

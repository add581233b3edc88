package io.platestream.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FfmpegErrorsTest {

  @Test
  void replacesJavaCvsHintsWithFfmpegsOwnWordsForTheCode() {
    Exception javacv =
        new Exception(
            "avformat_open_input() error -111: Could not open input \"rtsp://h/s\". (Has setFormat()"
                + " been called?)");
    assertThat(FfmpegErrors.explain(javacv))
        .isEqualTo("Connection refused (FFmpeg error -111 in avformat_open_input)");
  }

  @Test
  void keepsMessagesWithoutAnFfmpegCode() {
    assertThat(FfmpegErrors.explain(new IllegalStateException("no video"))).isEqualTo("no video");
    assertThat(FfmpegErrors.explain(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
  }

  @Test
  void redactsCredentialsFromUrls() {
    assertThat(SourceUrls.redact("rtsp://admin:s3cr%40t@10.0.0.5:554/stream1"))
        .isEqualTo("rtsp://10.0.0.5:554/stream1");
    assertThat(SourceUrls.redact("/data/clip.mp4")).isEqualTo("/data/clip.mp4");
  }
}

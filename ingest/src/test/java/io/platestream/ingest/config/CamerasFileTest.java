package io.platestream.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CamerasFileTest {

  @Test
  void readsEverySettingAndFillsDefaults() {
    List<CameraConfig> cameras =
        CamerasFile.parse(
            """
            cameras:
              - id: gate-north
                url: rtsp://user:secret@10.0.0.5/stream1
                sampleFps: 2.5
                jpegQuality: 70
                regionOfInterest: [[0, 400], [1920, 400], [1920, 1080]]
                motionThreshold: 0.02
                transport: udp
                enabled: false
              - id: replay
                url: /data/clip.mp4
                loop: true
                realtime: false
            """,
            "cameras.yaml");

    assertThat(cameras).hasSize(2);
    CameraConfig gate = cameras.get(0);
    assertThat(gate.sampleFps()).isEqualTo(2.5);
    assertThat(gate.jpegQuality()).isEqualTo(70);
    assertThat(gate.regionOfInterest())
        .containsExactly(
            new CameraConfig.Pixel(0, 400),
            new CameraConfig.Pixel(1920, 400),
            new CameraConfig.Pixel(1920, 1080));
    assertThat(gate.motionThreshold()).isEqualTo(0.02);
    assertThat(gate.transport()).isEqualTo(CameraConfig.RtspTransport.UDP);
    assertThat(gate.enabled()).isFalse();
    assertThat(cameras.get(1))
        .isEqualTo(CameraConfig.of("replay", "/data/clip.mp4").withLoop(true).withRealtime(false));
  }

  @Test
  void equalSettingsReadTwiceAreEqual() {
    String yaml = "cameras:\n  - {id: a, url: rtsp://h/s, regionOfInterest: [[0,0],[9,0],[9,9]]}\n";
    assertThat(CamerasFile.parse(yaml, "f")).isEqualTo(CamerasFile.parse(yaml, "f"));
  }

  @Test
  void emptyFileMeansNoCameras() {
    assertThat(CamerasFile.parse("", "cameras.yaml")).isEmpty();
  }

  @Test
  void namesTheCameraAndTheSettingOfEachMistake() {
    assertRefused("cameras:\n  - {id: a, url: rtsp://h/s, sampelFps: 5}\n", "camera #1 ('a')")
        .hasMessageContaining("unknown setting 'sampelFps'")
        .hasMessageContaining("sampleFps");
    assertRefused("cameras:\n  - {id: a, url: rtsp://h/s, sampleFps: 0}\n", "'sampleFps'");
    assertRefused("cameras:\n  - {id: a, url: rtsp://h/s, jpegQuality: 101}\n", "'jpegQuality'");
    assertRefused("cameras:\n  - {id: a, url: rtsp://h/s, transport: sctp}\n", "tcp or udp");
    assertRefused("cameras:\n  - {id: a, url: rtsp://h/s, loop: yes please}\n", "'loop'");
    assertRefused("cameras:\n  - {id: a, url: ftp://h/s}\n", "scheme 'ftp'");
    assertRefused("cameras:\n  - {id: a, url: 'rtsp:///s'}\n", "no host");
    assertRefused("cameras:\n  - {id: 'a b', url: rtsp://h/s}\n", "'id' must be");
    assertRefused("cameras:\n  - {url: rtsp://h/s}\n", "camera #1: 'id'");
    assertRefused("cameras:\n  - {id: a}\n", "'url' is required");
    assertRefused(
        "cameras:\n  - {id: a, url: rtsp://h/s, regionOfInterest: [[0,0],[1,1]]}\n", "at least 3");
    assertRefused(
        "cameras:\n  - {id: a, url: rtsp://h/s}\n  - {id: a, url: rtsp://h/t}\n",
        "'a' appears more than once");
    assertRefused("cameras: {id: a}\n", "expected a list under the key 'cameras'");
  }

  @Test
  void yamlSyntaxErrorsSayWhere() {
    assertRefused("cameras:\n  - id: a\n    url: [unclosed\n", "not valid YAML")
        .hasMessageContaining("line");
  }

  private static org.assertj.core.api.AbstractThrowableAssert<?, ?> assertRefused(
      String yaml, String expected) {
    return assertThatThrownBy(() -> CamerasFile.parse(yaml, "cameras.yaml"))
        .isInstanceOf(CameraConfigException.class)
        .hasMessageStartingWith("cameras.yaml")
        .hasMessageContaining(expected);
  }
}

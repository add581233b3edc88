package io.platestream.ingest.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.ingest.config.CameraConfig.Pixel;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class MotionDetectorTest {
  private static final int W = 320;
  private static final int H = 180;

  @Test
  void aStillSceneIsSkippedAndAMovingCarIsNot() {
    MotionDetector detector = new MotionDetector(0.01, List.of());
    assertThat(detector.moved(frame(-1, -1), W, H, W * 3)).isTrue(); // first frame: reference
    assertThat(detector.moved(frame(-1, -1), W, H, W * 3)).isFalse();
    assertThat(detector.moved(frame(100, 60), W, H, W * 3)).isTrue();
    assertThat(detector.moved(frame(100, 60), W, H, W * 3)).isFalse(); // parked: still again
  }

  @Test
  void motionOutsideTheRegionOfInterestIsIgnored() {
    List<Pixel> rightHalf =
        List.of(new Pixel(160, 0), new Pixel(320, 0), new Pixel(320, 180), new Pixel(160, 180));
    MotionDetector detector = new MotionDetector(0.01, rightHalf);
    detector.moved(frame(-1, -1), W, H, W * 3);
    assertThat(detector.moved(frame(20, 60), W, H, W * 3)).isFalse(); // left half
    assertThat(detector.moved(frame(200, 60), W, H, W * 3)).isTrue();
  }

  @Test
  void aZeroThresholdPublishesEverything() {
    MotionDetector detector = new MotionDetector(0, List.of());
    assertThat(detector.enabled()).isFalse();
    assertThat(detector.moved(frame(-1, -1), W, H, W * 3)).isTrue();
    assertThat(detector.moved(frame(-1, -1), W, H, W * 3)).isTrue();
  }

  /** A grey BGR24 frame with, when x >= 0, a dark 60x40 "car" at (x, y). */
  private static ByteBuffer frame(int x, int y) {
    ByteBuffer pixels = ByteBuffer.allocateDirect(W * H * 3);
    for (int row = 0; row < H; row++) {
      for (int column = 0; column < W; column++) {
        boolean car = x >= 0 && column >= x && column < x + 60 && row >= y && row < y + 40;
        byte level = (byte) (car ? 20 : 128);
        int at = (row * W + column) * 3;
        pixels.put(at, level).put(at + 1, level).put(at + 2, level);
      }
    }
    return pixels;
  }
}

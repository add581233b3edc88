package io.platestream.ingest.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StreamClockTest {

  @Test
  void anchorsOnTheStreamsOwnRealtimeStartWhenItHasOne() {
    StreamClock clock = new StreamClock();
    clock.anchor(1_700_000_000_000_000L, 1_800_000_000_000_000L, 0);
    assertThat(clock.captureEpochMillis(clock.streamMicros(2_000_000)))
        .isEqualTo(1_700_000_002_000L);
  }

  @Test
  void otherwiseOnTheArrivalOfTheFirstFrame() {
    StreamClock clock = new StreamClock();
    clock.anchor(Long.MIN_VALUE, 5_000_000_000L, 1_000_000);
    assertThat(clock.captureEpochMillis(clock.streamMicros(1_000_000))).isEqualTo(5_000_000L);
    assertThat(clock.captureEpochMillis(clock.streamMicros(1_040_000))).isEqualTo(5_000_040L);
  }

  @Test
  void aLoopingFileKeepsCaptureTimesIncreasing() {
    StreamClock clock = new StreamClock();
    clock.anchor(Long.MIN_VALUE, 0, 0);
    long last = 0;
    for (int pass = 0; pass < 3; pass++) {
      for (long t = 0; t <= 1_000_000; t += 40_000) {
        long now = clock.streamMicros(t);
        if (pass > 0 || t > 0) {
          assertThat(now).isGreaterThan(last);
        }
        last = now;
      }
      clock.nextLoop();
    }
    assertThat(last).isEqualTo(2 * 1_040_000 + 1_000_000);
  }
}

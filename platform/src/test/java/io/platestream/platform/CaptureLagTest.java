package io.platestream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Lag, rate and shedding of one stage, on a clock the test sets. */
class CaptureLagTest {

  @Test
  void recordsOlderThanTheLimitAreShedAndCountedAndTheRestAreNot() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CaptureLag lag = new CaptureLag("detect", Duration.ofSeconds(2), meters);

    assertThat(lag.shed(10_000, 12_000)).as("exactly at the limit").isFalse();
    assertThat(lag.shed(10_000, 12_001)).isTrue();
    assertThat(lag.shed(10_000, 30_000)).isTrue();
    assertThat(meters.get("platestream.stage.shed").tag("reason", "stale").counter().count())
        .isEqualTo(2);
  }

  @Test
  void lagIsNowMinusTheNewestFinishedCaptureAndTheRateCoversTenSeconds() {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    CaptureLag lag = new CaptureLag("recognize", Duration.ZERO, meters);
    assertThat(lag.lagMs(5_000)).as("nothing finished yet").isEqualTo(-1);

    for (int i = 0; i < 20; i++) {
      lag.processed(1_000 + i * 100, 2_000 + i * 100); // 10 a second, 1 s behind
    }
    lag.processed(1_500, 3_950); // an older capture finished late does not move lag back
    assertThat(lag.lagMs(4_000)).isEqualTo(4_000 - 2_900);
    assertThat(lag.perSecond(4_000)).isEqualTo(2.1);
    assertThat(lag.perSecond(20_000)).as("nothing in the last ten seconds").isZero();
    assertThat(lag.shed(0, 1_000_000)).as("zero never sheds").isFalse();
    assertThat(meters.get("platestream.stage.capture.lag").tag("stage", "recognize").gauge())
        .isNotNull();
  }

  @Test
  void aNegativeLimitIsRefused() {
    assertThatThrownBy(() -> new CaptureLag("x", Duration.ofSeconds(-1), new SimpleMeterRegistry()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the largest frame age to keep cannot be negative");
  }
}

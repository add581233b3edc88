package io.platestream.detector.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The two ways frames run through the model, each with only the settings it uses. */
class BatchingTest {

  @Test
  void oneFrameABatchNeedsNoBuffer() {
    assertThat(Batching.none().enabled()).isFalse();
    assertThat(Batching.none().sideBySide()).isFalse();
    assertThat(Batching.none().workers()).isEqualTo(1);
    assertThat(Batching.batched(4, Duration.ofMillis(50)).enabled()).isTrue();
  }

  @Test
  void sideBySideWorkersKeepOneFrameInFlightEachUnlessGivenMore() {
    Batching two = Batching.sideBySide(2);

    assertThat(two).isEqualTo(new Batching.SideBySide(2, 2));
    assertThat(two.sideBySide()).isTrue();
    assertThat(two.enabled()).isTrue();
  }

  @Test
  void eachModeRefusesSettingsThatCannotWork() {
    assertThatThrownBy(() -> Batching.batched(0, Duration.ofMillis(50)))
        .hasMessage("a batch holds at least 1 frame, got 0");
    assertThatThrownBy(() -> Batching.batched(2, Duration.ZERO))
        .hasMessage("the batch wait must be positive, got PT0S");
    assertThatThrownBy(() -> new Batching.SideBySide(1, 1))
        .hasMessage("side by side means at least 2 workers, got 1");
    assertThatThrownBy(() -> new Batching.SideBySide(3, 2))
        .hasMessage("3 side-by-side workers need at least as many frames in flight, not 2");
  }
}

package io.platestream.datasets.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PassEvaluatorTest {
  @Test
  void countsEventsWithATruePlateAndTruePlatesFoundOnce() {
    // Truth: three vehicles. Events: A twice (the same vehicle reported twice), a misread of B,
    // and C: 3 of 4 events carry a true plate; 2 of 3 true plates were found.
    EndToEndMetrics m =
        PassEvaluator.evaluate(
            List.of("京A12345", "京A12345", "沪B6789O", "粤C24680"),
            List.of("京A12345", "沪B67890", "粤C24680"));

    assertThat(m.hits()).isEqualTo(3);
    assertThat(m.predictions()).isEqualTo(4);
    assertThat(m.groundTruths()).isEqualTo(3);
    assertThat(m.precision()).isEqualTo(0.75);
    assertThat(m.recall()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(m.fMeasure()).isCloseTo(2 * 0.75 * (2.0 / 3) / (0.75 + 2.0 / 3), within(1e-12));
  }

  @Test
  void noEventsIsZeroNotAnError() {
    EndToEndMetrics m = PassEvaluator.evaluate(List.of(), List.of("京A12345"));
    assertThat(m.precision()).isZero();
    assertThat(m.recall()).isZero();
    assertThat(m.fMeasure()).isZero();
  }
}

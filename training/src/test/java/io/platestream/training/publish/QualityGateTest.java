package io.platestream.training.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {
  private final QualityGate gate = new QualityGate("accuracy", 0.01, 0.02);

  @Test
  void promotesOnlyABetterMainMetricWithNoOtherMetricFallingTooFar() {
    Map<String, Double> production = Map.of("accuracy", 0.60, "norm_edit_dis", 0.90);

    assertThat(gate.judge(Map.of("accuracy", 0.70, "norm_edit_dis", 0.89), production).promote())
        .isTrue();
    assertThat(gate.judge(Map.of("accuracy", 0.605, "norm_edit_dis", 0.95), production).reason())
        .isEqualTo("accuracy 0.6050 does not beat production's 0.6000 by 0.0100");
    assertThat(gate.judge(Map.of("accuracy", 0.70, "norm_edit_dis", 0.85), production).reason())
        .isEqualTo("norm_edit_dis falls from 0.9000 to 0.8500, more than the tolerance 0.0200");
  }
}

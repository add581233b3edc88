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

  @Test
  void aFallOfOneSampleOfASmallValidationSetIsNoiseButTwoAreAFall() {
    Map<String, Double> production = Map.of("real_site_accuracy", 0.50, "accuracy", 0.625);
    QualityGate site = new QualityGate("real_site_accuracy", 0.01, 0.02);
    QualityGate counted = site.withSamples(Map.of("accuracy", 8));

    // One of 8 crops read differently: 0.125 down, within one sample.
    assertThat(
            counted.judge(Map.of("real_site_accuracy", 1.0, "accuracy", 0.5), production).promote())
        .isTrue();
    assertThat(site.judge(Map.of("real_site_accuracy", 1.0, "accuracy", 0.5), production).promote())
        .as("without the count, the same fall is refused")
        .isFalse();
    assertThat(
            counted
                .judge(Map.of("real_site_accuracy", 1.0, "accuracy", 0.375), production)
                .reason())
        .isEqualTo("accuracy falls from 0.6250 to 0.3750, more than one of its 8 samples (0.1250)");
  }

  @Test
  void aCandidateWorseOnRealPhotographsIsRefusedWhateverItGainsOnSyntheticData() {
    Map<String, Double> production =
        Map.of("accuracy", 0.77, "real_crops_accuracy", 0.984, "real_photos_plates_f", 0.908);

    // The finding that made this rule: synthetic accuracy up, real crops down.
    QualityGate.Verdict verdict =
        gate.judge(
            Map.of("accuracy", 0.93, "real_crops_accuracy", 0.870, "real_photos_plates_f", 0.910),
            production);

    assertThat(verdict.promote()).isFalse();
    assertThat(verdict.reason())
        .isEqualTo(
            "real_crops_accuracy falls from 0.9840 to 0.8700, more than the real-data tolerance"
                + " 0.0050");
    // Inside the noise of the real sets, and better on the main metric: promoted.
    assertThat(
            gate.judge(
                    Map.of(
                        "accuracy",
                        0.93,
                        "real_crops_accuracy",
                        0.982,
                        "real_photos_plates_f",
                        0.92),
                    production)
                .promote())
        .isTrue();
  }
}

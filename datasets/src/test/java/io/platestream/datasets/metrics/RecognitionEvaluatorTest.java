package io.platestream.datasets.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecognitionEvaluatorTest {

  @Test
  void editDistanceCountsCodePoints() {
    assertThat(EditDistance.between("kitten", "sitting")).isEqualTo(3);
    assertThat(EditDistance.between("皖A12345", "苏A12345")).isEqualTo(1);
    assertThat(EditDistance.between("", "京B")).isEqualTo(2);
    assertThat(EditDistance.normalized("", "")).isZero();
    assertThat(EditDistance.normalized("皖A1", "皖A12")).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void accuracyNormalisedEditDistanceAndCharacterAccuracy() {
    RecognitionEvaluator evaluator = new RecognitionEvaluator();
    evaluator.add("皖A12345", "皖A12345"); // exact
    evaluator.add("皖A12346", "皖A12345"); // distance 1, normalised 1/7
    evaluator.add("A12345", "皖A12345"); // distance 1, normalised 1/7
    evaluator.add("皖·A1234 5", "皖A12345"); // exact once the dot and space are removed
    evaluator.add("", "京AD12345"); // distance 8, normalised 1

    RecognitionMetrics m = evaluator.result();
    assertThat(m.samples()).isEqualTo(5);
    assertThat(m.accuracy()).isCloseTo(2.0 / 5, within(1e-12));
    // 1 - (1/7 + 1/7 + 1) / 5 = 1 - 9/35
    assertThat(m.normEditDistance()).isCloseTo(26.0 / 35, within(1e-12));
    // 1 - (1 + 1 + 8) / (7 * 4 + 8)
    assertThat(m.charAccuracy()).isCloseTo(1 - 10.0 / 36, within(1e-12));
  }

  @Test
  void noSamplesGivesZerosNotNaN() {
    RecognitionMetrics m = new RecognitionEvaluator().result();
    assertThat(m.accuracy()).isZero();
    assertThat(m.normEditDistance()).isZero();
  }
}

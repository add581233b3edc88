package io.platestream.datasets.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.paddle.TextRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndToEndEvaluatorTest {

  @Test
  void aHitNeedsBothTheOutlineAndTheExactText() {
    EndToEndEvaluator evaluator = new EndToEndEvaluator();
    evaluator.add(
        List.of(
            new TextRegion(Polygon.rectangle(0, 0, 100, 30), "皖A12345"),
            new TextRegion(Polygon.rectangle(200, 0, 300, 30), "苏B99999"),
            new TextRegion(Polygon.rectangle(0, 100, 100, 130), "###")),
        List.of(
            new TextRegion(Polygon.rectangle(5, 0, 100, 30), "皖A·12345"), // hit (dot ignored)
            new TextRegion(
                Polygon.rectangle(200, 0, 300, 30), "苏B99998"), // right place, wrong text
            new TextRegion(
                Polygon.rectangle(0, 100, 100, 130), "ABC"), // on a do-not-care region: not counted
            new TextRegion(Polygon.rectangle(500, 0, 600, 30), "京A00000"))); // nothing there

    // hits 1, predictions 3, ground truths 2 -> P 1/3, R 1/2, F 0.4
    EndToEndMetrics m = evaluator.result();
    assertThat(m.hits()).isEqualTo(1);
    assertThat(m.predictions()).isEqualTo(3);
    assertThat(m.groundTruths()).isEqualTo(2);
    assertThat(m.precision()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(m.recall()).isCloseTo(0.5, within(1e-12));
    assertThat(m.fMeasure()).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void bestOverlapWinsWhenTwoPredictionsCoverOnePlate() {
    EndToEndEvaluator evaluator = new EndToEndEvaluator();
    evaluator.add(
        List.of(new TextRegion(Polygon.rectangle(0, 0, 100, 30), "皖A12345")),
        List.of(
            new TextRegion(Polygon.rectangle(20, 0, 100, 30), "WRONG"), // IoU 0.8
            new TextRegion(
                Polygon.rectangle(2, 0, 100, 30), "皖A12345"))); // IoU 0.98: takes the plate

    assertThat(evaluator.result().hits()).isEqualTo(1);
    assertThat(evaluator.result().precision()).isCloseTo(0.5, within(1e-12));
  }
}

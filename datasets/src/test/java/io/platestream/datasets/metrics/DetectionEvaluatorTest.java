package io.platestream.datasets.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.paddle.TextRegion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Expected values are worked out by hand in the comments. */
class DetectionEvaluatorTest {
  private static TextRegion plate(double l, double t, double r, double b) {
    return new TextRegion(Polygon.rectangle(l, t, r, b), "plate");
  }

  @Test
  void matchesIgnoresDontCareAndCountsFalseAlarms() {
    DetectionEvaluator evaluator = new DetectionEvaluator();
    evaluator.add(
        List.of(
            plate(0, 0, 100, 30), // A
            plate(200, 0, 300, 30), // B
            new TextRegion(Polygon.rectangle(0, 100, 100, 130), "###")), // C, do not care
        List.of(
            Polygon.rectangle(10, 0, 110, 30), // IoU with A = 2700 / 3300 = 0.82: match
            Polygon.rectangle(250, 0, 350, 30), // IoU with B = 1500 / 4500 = 0.33: no match
            Polygon.rectangle(0, 100, 60, 130), // wholly inside C: set aside
            Polygon.rectangle(500, 500, 600, 530))); // false alarm

    // matched 1, ground truths 2 (C excluded), detections 3 (the one in C excluded)
    DetectionMetrics m = evaluator.result();
    assertThat(m.matched()).isEqualTo(1);
    assertThat(m.groundTruths()).isEqualTo(2);
    assertThat(m.detections()).isEqualTo(3);
    assertThat(m.precision()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(m.recall()).isCloseTo(0.5, within(1e-9));
    assertThat(m.hmean()).isCloseTo(0.4, within(1e-9)); // 2 * 1/3 * 1/2 / (5/6)

    evaluator.add(List.of(plate(0, 0, 10, 10)), List.of(Polygon.rectangle(0, 0, 10, 10)));
    // totals: matched 2, ground truths 3, detections 4 -> P 0.5, R 2/3, H = 4/7
    DetectionMetrics total = evaluator.result();
    assertThat(total.precision()).isCloseTo(0.5, within(1e-9));
    assertThat(total.recall()).isCloseTo(2.0 / 3, within(1e-9));
    assertThat(total.hmean()).isCloseTo(4.0 / 7, within(1e-9));
  }

  @Test
  void iouOfExactlyOneHalfIsNotAMatchAsInPaddleOcr() {
    DetectionEvaluator evaluator = new DetectionEvaluator();
    // intersection 20 x 10 = 200, union 400: IoU 0.5, and PaddleOCR requires more than 0.5
    evaluator.add(List.of(plate(0, 0, 30, 10)), List.of(Polygon.rectangle(10, 0, 40, 10)));

    assertThat(evaluator.result().matched()).isZero();
  }

  @Test
  void matchingIsOneToOne() {
    DetectionEvaluator evaluator = new DetectionEvaluator();
    evaluator.add(
        List.of(plate(0, 0, 100, 30)),
        List.of(Polygon.rectangle(0, 0, 100, 30), Polygon.rectangle(1, 0, 101, 30)));

    DetectionMetrics m = evaluator.result();
    assertThat(m.matched()).isEqualTo(1);
    assertThat(m.precision()).isCloseTo(0.5, within(1e-9));
    assertThat(m.recall()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void selfIntersectingPolygonsAreSkippedAsShapelyWould() {
    DetectionEvaluator evaluator = new DetectionEvaluator();
    Polygon bowTie = Polygon.of(0, 0, 10, 10, 10, 0, 0, 10);
    evaluator.add(List.of(plate(0, 0, 10, 10)), List.of(bowTie));

    assertThat(evaluator.result().detections()).isZero();
    assertThat(evaluator.result().groundTruths()).isEqualTo(1);
  }

  @Test
  void polygonIouOfRotatedSquares() {
    Polygon square = Polygon.rectangle(0, 0, 2, 2);
    Polygon diamond = Polygon.of(1, -1, 3, 1, 1, 3, -1, 1); // area 8, overlap with the square = 4
    // union = 4 + 8 - 4 = 8 -> IoU 0.5
    assertThat(PolygonIoU.iou(square, diamond)).isCloseTo(0.5, within(1e-9));
  }
}

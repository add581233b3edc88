package io.platestream.detector.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.platestream.datasets.geometry.Point2;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinAreaRectTest {

  @Test
  void axisAlignedPointsGiveTheirBoundingBoxInPaddleOrder() {
    List<Point2> points = new ArrayList<>();
    for (int x = 10; x <= 50; x++) for (int y = 20; y <= 30; y++) points.add(new Point2(x, y));

    MinAreaRect rect = MinAreaRect.of(points);

    assertThat(Math.max(rect.width(), rect.height())).isCloseTo(40, within(1e-9));
    assertThat(rect.shortSide()).isCloseTo(10, within(1e-9));
    assertThat(rect.corners())
        .containsExactly(
            new Point2(10, 20), new Point2(50, 20), new Point2(50, 30), new Point2(10, 30));
  }

  @Test
  void rotatedRectangleIsRecoveredWithItsSides() {
    double angle = Math.toRadians(25), c = Math.cos(angle), s = Math.sin(angle);
    List<Point2> points = new ArrayList<>();
    for (double u = 0; u <= 60; u += 0.5) {
      for (double v = 0; v <= 15; v += 0.5)
        points.add(new Point2(100 + u * c - v * s, 50 + u * s + v * c));
    }

    MinAreaRect rect = MinAreaRect.of(points);

    assertThat(Math.max(rect.width(), rect.height())).isCloseTo(60, within(1e-6));
    assertThat(rect.shortSide()).isCloseTo(15, within(1e-6));
    Point2 topLeft = rect.corners().get(0), topRight = rect.corners().get(1);
    assertThat(topRight.x()).isGreaterThan(topLeft.x());
  }

  @Test
  void convexHullDropsInteriorAndCollinearPoints() {
    List<Point2> hull =
        MinAreaRect.convexHull(
            List.of(
                new Point2(0, 0),
                new Point2(2, 0),
                new Point2(4, 0),
                new Point2(4, 4),
                new Point2(0, 4),
                new Point2(2, 2)));
    assertThat(hull)
        .containsExactlyInAnyOrder(
            new Point2(0, 0), new Point2(4, 0), new Point2(4, 4), new Point2(0, 4));
  }
}

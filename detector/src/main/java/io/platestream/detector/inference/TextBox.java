package io.platestream.detector.inference;

import io.platestream.datasets.geometry.Point2;
import java.util.List;

/**
 * A text region found by the DB detector: four corners in frame pixels (top-left first) and its
 * score.
 */
public record TextBox(List<Point2> corners, float score) {
  public TextBox {
    corners = List.copyOf(corners);
  }

  /** Length of the longer of the top and bottom edges. */
  public double width() {
    return Math.max(
        distance(corners.get(0), corners.get(1)), distance(corners.get(3), corners.get(2)));
  }

  /** Length of the longer of the left and right edges. */
  public double height() {
    return Math.max(
        distance(corners.get(0), corners.get(3)), distance(corners.get(1), corners.get(2)));
  }

  private static double distance(Point2 a, Point2 b) {
    return Math.hypot(a.x() - b.x(), a.y() - b.y());
  }
}

package io.platestream.datasets.geometry;

import java.util.List;

/** A simple polygon in image pixels; plates use four corners, text lines may use more. */
public record Polygon(List<Point2> points) {
  public Polygon {
    if (points == null || points.size() < 3) {
      throw new IllegalArgumentException(
          "a polygon needs at least 3 points, got " + (points == null ? 0 : points.size()));
    }
    points = List.copyOf(points);
  }

  public static Polygon of(double... xy) {
    if (xy.length % 2 != 0) {
      throw new IllegalArgumentException(
          "coordinates come in x, y pairs; got " + xy.length + " numbers");
    }
    Point2[] points = new Point2[xy.length / 2];
    for (int i = 0; i < points.length; i++) {
      points[i] = new Point2(xy[2 * i], xy[2 * i + 1]);
    }
    return new Polygon(List.of(points));
  }

  /** The axis-aligned rectangle from (left, top) to (right, bottom) as four corners clockwise. */
  public static Polygon rectangle(double left, double top, double right, double bottom) {
    return of(left, top, right, top, right, bottom, left, bottom);
  }
}

package io.platestream.detector.inference;

import io.platestream.datasets.geometry.Point2;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The minimum-area enclosing rectangle of a point set (convex hull + rotating calipers), with its
 * corners ordered as PaddleOCR's {@code get_mini_boxes} orders them: top-left, top-right,
 * bottom-right, bottom-left.
 */
public record MinAreaRect(List<Point2> corners, double width, double height) {

  /** Length of the shorter side, PaddleOCR's {@code sside}. */
  public double shortSide() {
    return Math.min(width, height);
  }

  public static MinAreaRect of(List<Point2> points) {
    List<Point2> hull = convexHull(points);
    if (hull.size() == 1) {
      Point2 p = hull.get(0);
      return new MinAreaRect(List.of(p, p, p, p), 0, 0);
    }
    double bestArea = Double.MAX_VALUE;
    Point2[] best = null;
    double bestW = 0, bestH = 0;
    for (int i = 0; i < hull.size(); i++) {
      Point2 a = hull.get(i), b = hull.get((i + 1) % hull.size());
      double len = Math.hypot(b.x() - a.x(), b.y() - a.y());
      if (len == 0) continue;
      double ux = (b.x() - a.x()) / len, uy = (b.y() - a.y()) / len; // along the edge
      double vx = -uy, vy = ux; // normal
      double minU = Double.MAX_VALUE,
          maxU = -Double.MAX_VALUE,
          minV = Double.MAX_VALUE,
          maxV = -Double.MAX_VALUE;
      for (Point2 p : hull) {
        double u = (p.x() - a.x()) * ux + (p.y() - a.y()) * uy,
            v = (p.x() - a.x()) * vx + (p.y() - a.y()) * vy;
        minU = Math.min(minU, u);
        maxU = Math.max(maxU, u);
        minV = Math.min(minV, v);
        maxV = Math.max(maxV, v);
      }
      double area = (maxU - minU) * (maxV - minV);
      if (area < bestArea) {
        bestArea = area;
        bestW = maxU - minU;
        bestH = maxV - minV;
        best =
            new Point2[] {
              at(a, ux, uy, vx, vy, minU, minV), at(a, ux, uy, vx, vy, maxU, minV),
              at(a, ux, uy, vx, vy, maxU, maxV), at(a, ux, uy, vx, vy, minU, maxV)
            };
      }
    }
    return new MinAreaRect(orderLikePaddleOcr(List.of(best)), bestW, bestH);
  }

  private static Point2 at(
      Point2 origin, double ux, double uy, double vx, double vy, double u, double v) {
    return new Point2(origin.x() + u * ux + v * vx, origin.y() + u * uy + v * vy);
  }

  /**
   * Sort by x; the left pair gives top-left/bottom-left by y, the right pair
   * top-right/bottom-right.
   */
  static List<Point2> orderLikePaddleOcr(List<Point2> box) {
    List<Point2> p = new ArrayList<>(box);
    p.sort(Comparator.comparingDouble(Point2::x));
    Point2 topLeft, bottomLeft, topRight, bottomRight;
    if (p.get(1).y() > p.get(0).y()) {
      topLeft = p.get(0);
      bottomLeft = p.get(1);
    } else {
      topLeft = p.get(1);
      bottomLeft = p.get(0);
    }
    if (p.get(3).y() > p.get(2).y()) {
      topRight = p.get(2);
      bottomRight = p.get(3);
    } else {
      topRight = p.get(3);
      bottomRight = p.get(2);
    }
    return List.of(topLeft, topRight, bottomRight, bottomLeft);
  }

  /** Andrew's monotone chain; collinear points are dropped. */
  static List<Point2> convexHull(List<Point2> points) {
    List<Point2> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(Point2::x).thenComparingDouble(Point2::y));
    if (sorted.size() < 3) return sorted;
    Point2[] hull = new Point2[2 * sorted.size()];
    int k = 0;
    for (Point2 p : sorted) {
      while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) k--;
      hull[k++] = p;
    }
    for (int i = sorted.size() - 2, lower = k + 1; i >= 0; i--) {
      Point2 p = sorted.get(i);
      while (k >= lower && cross(hull[k - 2], hull[k - 1], p) <= 0) k--;
      hull[k++] = p;
    }
    List<Point2> result = new ArrayList<>(k - 1);
    for (int i = 0; i < k - 1; i++) result.add(hull[i]);
    return result;
  }

  private static double cross(Point2 o, Point2 a, Point2 b) {
    return (a.x() - o.x()) * (b.y() - o.y()) - (a.y() - o.y()) * (b.x() - o.x());
  }
}

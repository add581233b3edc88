package io.platestream.detector.inference;

import io.platestream.datasets.geometry.Point2;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * PaddleOCR's {@code DBPostProcess} in box mode: threshold the probability map, take each region's
 * minimum-area rectangle, keep it when its mean probability reaches the box threshold, grow it by
 * the unclip ratio (offset distance = area x ratio / perimeter, round joins, as pyclipper), take
 * the rectangle of the grown shape, and map it back to frame pixels.
 */
public final class DbPostProcessor {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** PaddleOCR's defaults for its DB detectors. */
  public record Settings(
      float threshold, float boxThreshold, int maxCandidates, double unclipRatio, int minSize) {
    public static Settings paddleDefaults() {
      return new Settings(0.3f, 0.6f, 1000, 1.5, 3);
    }
  }

  private final Settings settings;

  public DbPostProcessor(Settings settings) {
    this.settings = settings;
  }

  /** Boxes in the coordinates of a {@code frameWidth x frameHeight} frame. */
  public List<TextBox> boxes(ProbabilityMap map, int frameWidth, int frameHeight) {
    boolean[] bitmap = new boolean[map.values().length];
    for (int i = 0; i < bitmap.length; i++) bitmap[i] = map.values()[i] > settings.threshold();
    List<TextBox> boxes = new ArrayList<>();
    for (List<Point2> region :
        Components.boundaries(bitmap, map.width(), map.height(), settings.maxCandidates())) {
      MinAreaRect rect = MinAreaRect.of(region);
      if (rect.shortSide() < settings.minSize()) continue;
      float score = meanInside(map, rect.corners());
      if (score < settings.boxThreshold()) continue;
      MinAreaRect grown = MinAreaRect.of(unclip(rect.corners(), settings.unclipRatio()));
      if (grown.shortSide() < settings.minSize() + 2) continue;
      List<Point2> corners = new ArrayList<>(4);
      for (Point2 p : grown.corners()) {
        corners.add(
            new Point2(
                clamp(Math.round(p.x() / map.width() * frameWidth), frameWidth),
                clamp(Math.round(p.y() / map.height() * frameHeight), frameHeight)));
      }
      TextBox box = new TextBox(corners, score);
      // PaddleOCR's filter_tag_det_res drops boxes 3 px or less wide or tall.
      if (box.width() > 3 && box.height() > 3) boxes.add(box);
    }
    return boxes;
  }

  /** Mean probability over the pixels whose centres lie inside the box ({@code box_score_fast}). */
  static float meanInside(ProbabilityMap map, List<Point2> box) {
    int x0 =
        clampIndex(
            Math.floor(box.stream().mapToDouble(Point2::x).min().orElseThrow()), map.width());
    int x1 =
        clampIndex(Math.ceil(box.stream().mapToDouble(Point2::x).max().orElseThrow()), map.width());
    int y0 =
        clampIndex(
            Math.floor(box.stream().mapToDouble(Point2::y).min().orElseThrow()), map.height());
    int y1 =
        clampIndex(
            Math.ceil(box.stream().mapToDouble(Point2::y).max().orElseThrow()), map.height());
    // Each edge's on-segment tolerance, worked out once per box rather than once per pixel.
    double[] tolerance = new double[box.size()];
    for (int i = 0, j = box.size() - 1; i < box.size(); j = i++) {
      Point2 a = box.get(i), b = box.get(j);
      tolerance[i] = 1e-9 * Math.max(1, Math.hypot(b.x() - a.x(), b.y() - a.y()));
    }
    double sum = 0;
    int n = 0;
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        if (inside(box, tolerance, x, y)) {
          sum += map.at(x, y);
          n++;
        }
      }
    }
    return n == 0 ? 0 : (float) (sum / n);
  }

  static List<Point2> unclip(List<Point2> box, double ratio) {
    Coordinate[] ring = new Coordinate[box.size() + 1];
    for (int i = 0; i < box.size(); i++) ring[i] = new Coordinate(box.get(i).x(), box.get(i).y());
    ring[box.size()] = ring[0];
    Polygon polygon = GEOMETRY.createPolygon(ring);
    double distance = polygon.getArea() * ratio / polygon.getLength();
    Geometry grown = polygon.buffer(distance);
    List<Point2> points = new ArrayList<>();
    for (Coordinate c : grown.getCoordinates()) points.add(new Point2(c.x, c.y));
    return points;
  }

  /** Even-odd point-in-polygon test, boundary included (as fillPoly paints edges). */
  private static boolean inside(List<Point2> polygon, double[] tolerance, double x, double y) {
    boolean in = false;
    for (int i = 0, j = polygon.size() - 1; i < polygon.size(); j = i++) {
      Point2 a = polygon.get(i), b = polygon.get(j);
      if (onSegment(a, b, tolerance[i], x, y)) return true;
      if ((a.y() > y) != (b.y() > y) && x < (b.x() - a.x()) * (y - a.y()) / (b.y() - a.y()) + a.x())
        in = !in;
    }
    return in;
  }

  private static boolean onSegment(Point2 a, Point2 b, double tolerance, double x, double y) {
    double cross = (b.x() - a.x()) * (y - a.y()) - (b.y() - a.y()) * (x - a.x());
    if (Math.abs(cross) > tolerance) return false;
    return x >= Math.min(a.x(), b.x()) - 1e-9
        && x <= Math.max(a.x(), b.x()) + 1e-9
        && y >= Math.min(a.y(), b.y()) - 1e-9
        && y <= Math.max(a.y(), b.y()) + 1e-9;
  }

  private static double clamp(double v, int max) {
    return Math.max(0, Math.min(max, v));
  }

  private static int clampIndex(double v, int size) {
    return (int) Math.max(0, Math.min(size - 1, v));
  }
}

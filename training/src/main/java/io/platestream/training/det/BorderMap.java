package io.platestream.training.det;

import io.platestream.datasets.geometry.Point2;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * PaddleOCR's {@code MakeBorderMap}: the threshold map's truth. Each text polygon is grown by D = A
 * (1 - r^2) / L (r = 0.4, as the shrink map shrinks it); inside the grown polygon a pixel's value
 * is 1 - (its distance to the nearest edge of the text polygon) / D, clipped to [0, 1], and the
 * mask is 1 there. The map is then scaled to [0.3, 0.7]. Where PaddleOCR measures distance to an
 * edge's line with a formula that is only exact between the edge's ends, this uses the distance to
 * the segment itself.
 */
public final class BorderMap {
  public static final double THRESHOLD_MIN = 0.3;
  public static final double THRESHOLD_MAX = 0.7;
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** The threshold truth and its mask, row-major over {@code width x height}. */
  public record Maps(float[] threshold, float[] mask, int width, int height) {}

  private BorderMap() {}

  /**
   * @param polygons text in map pixels (do-not-care regions are not drawn, as in PaddleOCR)
   */
  public static Maps of(List<List<Point2>> polygons, int width, int height) {
    float[] canvas = new float[width * height];
    float[] mask = new float[width * height];
    for (List<Point2> polygon : polygons) {
      draw(polygon, canvas, mask, width, height);
    }
    float range = (float) (THRESHOLD_MAX - THRESHOLD_MIN);
    for (int i = 0; i < canvas.length; i++) {
      canvas[i] = canvas[i] * range + (float) THRESHOLD_MIN;
    }
    return new Maps(canvas, mask, width, height);
  }

  private static void draw(
      List<Point2> polygon, float[] canvas, float[] mask, int width, int height) {
    Geometry text = ShrinkMap.jts(polygon);
    if (!text.isValid() || text.getArea() <= 0) {
      return; // a degenerate outline has no border to learn
    }
    double distance = text.getArea() * (1 - ShrinkMap.RATIO * ShrinkMap.RATIO) / text.getLength();
    Geometry grown = text.buffer(distance);
    PreparedGeometry inside = PreparedGeometryFactory.prepare(grown);
    Envelope box = grown.getEnvelopeInternal();
    int x0 = Math.max(0, (int) Math.floor(box.getMinX()));
    int x1 = Math.min(width - 1, (int) Math.ceil(box.getMaxX()));
    int y0 = Math.max(0, (int) Math.floor(box.getMinY()));
    int y1 = Math.min(height - 1, (int) Math.ceil(box.getMaxY()));
    for (int y = y0; y <= y1; y++) {
      for (int x = x0; x <= x1; x++) {
        Point centre = GEOMETRY.createPoint(new Coordinate(x, y));
        if (!inside.covers(centre)) {
          continue;
        }
        int i = y * width + x;
        mask[i] = 1;
        double nearest = Math.min(1, nearestEdge(polygon, x, y) / distance);
        canvas[i] = Math.max(canvas[i], (float) (1 - nearest));
      }
    }
  }

  /** Distance from (x, y) to the nearest edge (segment) of the polygon. */
  static double nearestEdge(List<Point2> polygon, double x, double y) {
    double best = Double.MAX_VALUE;
    for (int k = 0; k < polygon.size(); k++) {
      Point2 a = polygon.get(k);
      Point2 b = polygon.get((k + 1) % polygon.size());
      best = Math.min(best, toSegment(a, b, x, y));
    }
    return best;
  }

  private static double toSegment(Point2 a, Point2 b, double x, double y) {
    double dx = b.x() - a.x();
    double dy = b.y() - a.y();
    double lengthSquared = dx * dx + dy * dy;
    double t =
        lengthSquared == 0
            ? 0
            : Math.max(0, Math.min(1, ((x - a.x()) * dx + (y - a.y()) * dy) / lengthSquared));
    return Math.hypot(x - (a.x() + t * dx), y - (a.y() + t * dy));
  }
}

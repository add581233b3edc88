package io.platestream.datasets.metrics;

import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.geometry.Polygon;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;

/** Polygon areas, intersections and IoU with JTS, as PaddleOCR computes them with Shapely. */
public final class PolygonIoU {
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** The polygon as a JTS geometry (closed ring), possibly invalid if it self-intersects. */
  public static org.locationtech.jts.geom.Polygon toJts(Polygon polygon) {
    Coordinate[] ring = new Coordinate[polygon.points().size() + 1];
    for (int i = 0; i < polygon.points().size(); i++) {
      Point2 p = polygon.points().get(i);
      ring[i] = new Coordinate(p.x(), p.y());
    }
    ring[ring.length - 1] = ring[0];
    return GEOMETRY.createPolygon(ring);
  }

  /** PaddleOCR skips polygons Shapely calls invalid (self-intersecting, degenerate). */
  public static boolean isValid(Polygon polygon) {
    return toJts(polygon).isValid();
  }

  public static double area(Polygon polygon) {
    return toJts(polygon).getArea();
  }

  public static double intersection(Polygon a, Polygon b) {
    return toJts(a).intersection(toJts(b)).getArea();
  }

  /** Intersection over union; 0 when the union is empty. */
  public static double iou(Polygon a, Polygon b) {
    var ja = toJts(a);
    var jb = toJts(b);
    double union = ja.union(jb).getArea();
    return union <= 0 ? 0 : ja.intersection(jb).getArea() / union;
  }

  private PolygonIoU() {}
}

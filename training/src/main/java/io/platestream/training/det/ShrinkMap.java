package io.platestream.training.det;

import io.platestream.datasets.geometry.Point2;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.image.BufferedImage;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * PaddleOCR's {@code MakeShrinkMap}: each text polygon shrunk by D = A (1 - r^2) / L (area A,
 * perimeter L, r = 0.4) is 1 in the truth map; a polygon smaller than 8 pixels across, or one that
 * vanishes when shrunk, is left out of the mask instead (neither text nor background).
 */
public final class ShrinkMap {
  public static final double RATIO = 0.4;
  public static final int MIN_TEXT_SIZE = 8;
  private static final GeometryFactory GEOMETRY = new GeometryFactory();

  /** The truth map and the mask, row-major over {@code width x height}. */
  public record Maps(float[] truth, float[] mask, int width, int height) {}

  private ShrinkMap() {}

  /**
   * @param polygons in map pixels
   */
  public static Maps of(List<List<Point2>> polygons, int width, int height) {
    return of(polygons, List.of(), width, height);
  }

  /**
   * @param polygons text in map pixels
   * @param dontCare do-not-care regions (cut by a crop, or labelled {@code ###}): masked out
   */
  public static Maps of(
      List<List<Point2>> polygons, List<List<Point2>> dontCare, int width, int height) {
    BufferedImage truth = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage ignored = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D t = truth.createGraphics();
    Graphics2D i = ignored.createGraphics();
    t.setColor(Color.WHITE);
    i.setColor(Color.WHITE);
    for (List<Point2> polygon : polygons) {
      double minX = polygon.stream().mapToDouble(Point2::x).min().orElse(0);
      double maxX = polygon.stream().mapToDouble(Point2::x).max().orElse(0);
      double minY = polygon.stream().mapToDouble(Point2::y).min().orElse(0);
      double maxY = polygon.stream().mapToDouble(Point2::y).max().orElse(0);
      if (Math.min(maxX - minX, maxY - minY) < MIN_TEXT_SIZE) {
        i.fill(awt(polygon));
        continue;
      }
      Geometry shape = jts(polygon);
      double distance = shape.getArea() * (1 - RATIO * RATIO) / shape.getLength();
      Geometry shrunk = shape.buffer(-distance);
      if (shrunk.isEmpty() || !(shrunk instanceof org.locationtech.jts.geom.Polygon p)) {
        i.fill(awt(polygon));
        continue;
      }
      Coordinate[] ring = p.getExteriorRing().getCoordinates();
      Polygon filled = new Polygon();
      for (Coordinate c : ring) {
        filled.addPoint((int) Math.round(c.x), (int) Math.round(c.y));
      }
      t.fill(filled);
    }
    dontCare.forEach(region -> i.fill(awt(region)));
    t.dispose();
    i.dispose();
    float[] truthMap = new float[width * height];
    float[] mask = new float[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        truthMap[y * width + x] = (truth.getRaster().getSample(x, y, 0) > 0) ? 1 : 0;
        mask[y * width + x] = (ignored.getRaster().getSample(x, y, 0) > 0) ? 0 : 1;
      }
    }
    return new Maps(truthMap, mask, width, height);
  }

  private static Polygon awt(List<Point2> polygon) {
    Polygon p = new Polygon();
    polygon.forEach(pt -> p.addPoint((int) Math.round(pt.x()), (int) Math.round(pt.y())));
    return p;
  }

  /** The polygon as a JTS geometry (a closed ring). */
  static Geometry jts(List<Point2> polygon) {
    Coordinate[] ring = new Coordinate[polygon.size() + 1];
    for (int k = 0; k < polygon.size(); k++) {
      ring[k] = new Coordinate(polygon.get(k).x(), polygon.get(k).y());
    }
    ring[polygon.size()] = ring[0];
    return GEOMETRY.createPolygon(ring);
  }
}

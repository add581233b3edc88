package io.platestream.datasets.ccpd;

import io.platestream.datasets.geometry.Point2;
import java.util.List;

/**
 * The ground truth a CCPD image carries in its file name.
 *
 * @param areaPerMille plate bounding-box area as a share of the image area, in thousandths (CCPD
 *     writes it as three digits: {@code 025} is 2.5 %)
 * @param horizontalTilt horizontal tilt in degrees as CCPD records it
 * @param verticalTilt vertical tilt in degrees as CCPD records it
 * @param boxTopLeft top-left corner of the axis-aligned bounding box
 * @param boxBottomRight bottom-right corner of the bounding box
 * @param vertices the four plate corners starting at the bottom-right one, as CCPD orders them:
 *     bottom-right, bottom-left, top-left, top-right
 * @param plate the plate text (7 characters, or 8 for CCPD2020's green plates)
 * @param brightness brightness of the plate region as CCPD records it
 * @param blurriness blurriness of the plate region as CCPD records it
 */
public record CcpdName(
    int areaPerMille,
    int horizontalTilt,
    int verticalTilt,
    Point2 boxTopLeft,
    Point2 boxBottomRight,
    List<Point2> vertices,
    String plate,
    int brightness,
    int blurriness) {

  public CcpdName {
    vertices = List.copyOf(vertices);
    if (vertices.size() != 4) {
      throw new IllegalArgumentException(
          "a CCPD label has exactly 4 vertices, got " + vertices.size());
    }
  }

  /** The corners in reading order (top-left, top-right, bottom-right, bottom-left). */
  public List<Point2> cornersClockwiseFromTopLeft() {
    return List.of(vertices.get(2), vertices.get(3), vertices.get(0), vertices.get(1));
  }
}

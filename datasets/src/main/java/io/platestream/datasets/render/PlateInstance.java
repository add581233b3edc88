package io.platestream.datasets.render;

import io.platestream.datasets.geometry.Point2;
import io.platestream.datasets.plates.PlateType;
import java.util.List;

/**
 * Ground truth of one plate in a scene.
 *
 * @param corners top-left, top-right, bottom-right, bottom-left in scene pixels, as the text reads
 * @param horizontalTiltDeg turn about the vertical axis (one side nearer), as CCPD's first tilt
 * @param verticalTiltDeg turn about the horizontal axis (top or bottom nearer), as CCPD's second
 */
public record PlateInstance(
    String text,
    PlateType type,
    List<Point2> corners,
    double horizontalTiltDeg,
    double verticalTiltDeg) {
  public PlateInstance {
    corners = List.copyOf(corners);
  }
}

package io.platestream.datasets.metrics;

import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.paddle.TextRegion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PaddleOCR's detection metric ({@code DetMetric} with {@code DetectionIoUEvaluator}), so numbers
 * compare with published ones: per image, ground truths marked "do not care" ({@code ###}) are set
 * aside together with the detections lying mostly inside them (intersection over detection area
 * above 0.5); the rest are matched one-to-one, in order, when IoU is above 0.5. Precision, recall
 * and hmean are computed over the counts of all images added.
 */
public final class DetectionEvaluator {
  public static final double IOU_THRESHOLD = 0.5;
  public static final double DONT_CARE_AREA_SHARE = 0.5;

  private int matched;
  private int groundTruths;
  private int detections;

  /** Adds one image: its labelled regions and the detector's polygons. */
  public void add(List<TextRegion> truth, List<Polygon> predicted) {
    List<Polygon> gts = new ArrayList<>();
    Set<Integer> gtDontCare = new HashSet<>();
    for (TextRegion region : truth) {
      if (!PolygonIoU.isValid(region.polygon())) continue;
      if (region.ignored()) gtDontCare.add(gts.size());
      gts.add(region.polygon());
    }
    List<Polygon> dets = new ArrayList<>();
    Set<Integer> detDontCare = new HashSet<>();
    for (Polygon det : predicted) {
      if (!PolygonIoU.isValid(det)) continue;
      double area = PolygonIoU.area(det);
      for (int g : gtDontCare) {
        double share = area == 0 ? 0 : PolygonIoU.intersection(gts.get(g), det) / area;
        if (share > DONT_CARE_AREA_SHARE) {
          detDontCare.add(dets.size());
          break;
        }
      }
      dets.add(det);
    }
    boolean[] gtTaken = new boolean[gts.size()];
    boolean[] detTaken = new boolean[dets.size()];
    for (int g = 0; g < gts.size(); g++) {
      for (int d = 0; d < dets.size(); d++) {
        if (gtTaken[g] || detTaken[d] || gtDontCare.contains(g) || detDontCare.contains(d))
          continue;
        if (PolygonIoU.iou(dets.get(d), gts.get(g)) > IOU_THRESHOLD) {
          gtTaken[g] = true;
          detTaken[d] = true;
          matched++;
        }
      }
    }
    groundTruths += gts.size() - gtDontCare.size();
    detections += dets.size() - detDontCare.size();
  }

  public DetectionMetrics result() {
    double recall = groundTruths == 0 ? 0 : (double) matched / groundTruths;
    double precision = detections == 0 ? 0 : (double) matched / detections;
    double hmean = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new DetectionMetrics(precision, recall, hmean, matched, groundTruths, detections);
  }
}

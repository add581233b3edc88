package io.platestream.detector.stage;

import io.platestream.datasets.geometry.Polygon;
import io.platestream.datasets.metrics.PolygonIoU;
import io.platestream.detector.inference.TextBox;
import io.platestream.schemas.Frame;
import io.platestream.schemas.ModelRef;
import io.platestream.schemas.ShadowComparison;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a shadow detector's plates on a frame compare with production's: plates matched one-to-one at
 * polygon IoU >= 0.5 (greedily, best overlap first), their hmean as the agreement, and the
 * difference of mean box scores.
 */
final class DetectionComparison {
  static final double MATCH_IOU = 0.5;

  private DetectionComparison() {}

  static ShadowComparison of(
      Frame frame,
      List<TextBox> production,
      ModelRef productionRef,
      List<TextBox> shadow,
      ModelRef shadowRef,
      long shadowNanos,
      long nowMs) {
    int matched = matched(production, shadow);
    int total = production.size() + shadow.size();
    double agreement = total == 0 ? 1 : 2.0 * matched / total;
    boolean agree = matched == production.size() && matched == shadow.size();
    double delta =
        production.isEmpty() || shadow.isEmpty() ? 0 : meanScore(shadow) - meanScore(production);
    return ShadowComparison.newBuilder()
        .setModelName(productionRef.getName())
        .setProduction(productionRef)
        .setShadow(shadowRef)
        .setInputId(frame.getCameraId() + "/" + frame.getSeq())
        .setCameraId(frame.getCameraId())
        .setAgree(agree)
        .setAgreement(agreement)
        .setConfidenceDelta(delta)
        .setProductionOutput(describe(production))
        .setShadowOutput(describe(shadow))
        .setShadowMs(shadowNanos / 1e6)
        .setComparedTimeMs(nowMs)
        .build();
  }

  /** One-to-one matches: repeatedly take the pair with the highest IoU at or above the bar. */
  static int matched(List<TextBox> a, List<TextBox> b) {
    double[][] iou = new double[a.size()][b.size()];
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < b.size(); j++) {
        iou[i][j] =
            PolygonIoU.iou(new Polygon(a.get(i).corners()), new Polygon(b.get(j).corners()));
      }
    }
    boolean[] usedA = new boolean[a.size()];
    boolean[] usedB = new boolean[b.size()];
    int matched = 0;
    while (true) {
      int bestI = -1;
      int bestJ = -1;
      double best = MATCH_IOU;
      for (int i = 0; i < a.size(); i++) {
        for (int j = 0; j < b.size(); j++) {
          if (!usedA[i] && !usedB[j] && iou[i][j] >= best) {
            best = iou[i][j];
            bestI = i;
            bestJ = j;
          }
        }
      }
      if (bestI < 0) {
        return matched;
      }
      usedA[bestI] = true;
      usedB[bestJ] = true;
      matched++;
    }
  }

  private static double meanScore(List<TextBox> plates) {
    return plates.stream().mapToDouble(TextBox::score).average().orElse(0);
  }

  private static String describe(List<TextBox> plates) {
    return plates.size()
        + " plate(s)"
        + plates.stream()
            .map(p -> String.format(Locale.ROOT, "%.2f", p.score()))
            .collect(Collectors.joining(", ", plates.isEmpty() ? "" : ": ", ""));
  }
}

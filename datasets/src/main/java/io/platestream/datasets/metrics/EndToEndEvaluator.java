package io.platestream.datasets.metrics;

import io.platestream.datasets.paddle.TextRegion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * End-to-end plate metric: a predicted plate is a hit when its polygon matches a ground-truth plate
 * (IoU above 0.5, one-to-one, best pairs first) and its text equals that plate's text (spaces and
 * separator dots removed). Predictions matched to "do not care" regions are not counted. Precision
 * = hits / predictions, recall = hits / ground truths, F = their harmonic mean.
 */
public final class EndToEndEvaluator {
  private int hits;
  private int predictions;
  private int groundTruths;

  /** Adds one image: ground-truth regions with their text, and predicted regions with theirs. */
  public void add(List<TextRegion> truth, List<TextRegion> predicted) {
    record Pair(int gt, int pred, double iou) {}
    List<Pair> pairs = new ArrayList<>();
    for (int g = 0; g < truth.size(); g++) {
      for (int p = 0; p < predicted.size(); p++) {
        double iou = PolygonIoU.iou(truth.get(g).polygon(), predicted.get(p).polygon());
        if (iou > DetectionEvaluator.IOU_THRESHOLD) pairs.add(new Pair(g, p, iou));
      }
    }
    pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
    boolean[] gtTaken = new boolean[truth.size()];
    boolean[] predTaken = new boolean[predicted.size()];
    int dropped = 0;
    for (Pair pair : pairs) {
      if (gtTaken[pair.gt()] || predTaken[pair.pred()]) continue;
      gtTaken[pair.gt()] = true;
      predTaken[pair.pred()] = true;
      TextRegion gt = truth.get(pair.gt());
      if (gt.ignored()) {
        dropped++;
      } else if (RecognitionEvaluator.normalize(gt.transcription())
          .equals(RecognitionEvaluator.normalize(predicted.get(pair.pred()).transcription()))) {
        hits++;
      }
    }
    predictions += predicted.size() - dropped;
    groundTruths += (int) truth.stream().filter(r -> !r.ignored()).count();
  }

  public EndToEndMetrics result() {
    double precision = predictions == 0 ? 0 : (double) hits / predictions;
    double recall = groundTruths == 0 ? 0 : (double) hits / groundTruths;
    double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new EndToEndMetrics(precision, recall, f, hits, predictions, groundTruths);
  }
}

package io.platestream.datasets.metrics;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vehicle-pass events against a clip's ground-truth passes, by plate text: precision is the share
 * of events whose plate is one of the clip's, recall the share of the clip's plates that some event
 * read exactly. (The pipeline's events carry no frame-level outline to match, so the match is by
 * text alone; an event repeated for one vehicle counts once toward recall.)
 */
public final class PassEvaluator {
  private PassEvaluator() {}

  /** Precision, recall and F, with hits = events whose plate is in the clip. */
  public static EndToEndMetrics evaluate(List<String> eventPlates, Collection<String> truthPlates) {
    Set<String> truth = new HashSet<>(truthPlates);
    int hits = (int) eventPlates.stream().filter(truth::contains).count();
    Set<String> found = new HashSet<>(eventPlates);
    found.retainAll(truth);
    double precision = eventPlates.isEmpty() ? 0 : (double) hits / eventPlates.size();
    double recall = truth.isEmpty() ? 0 : (double) found.size() / truth.size();
    double f = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    return new EndToEndMetrics(precision, recall, f, hits, eventPlates.size(), truth.size());
  }

  /** The metrics under the names the other evaluations' JSON uses. */
  public static Map<String, Object> asMap(EndToEndMetrics m) {
    return Map.of(
        "passes",
        Map.of(
            "precision", m.precision(),
            "recall", m.recall(),
            "f_measure", m.fMeasure(),
            "events", m.predictions(),
            "events_with_a_true_plate", m.hits(),
            "true_plates", m.groundTruths(),
            "true_plates_found", platesFound(m)));
  }

  /** How many of the true plates some event read exactly. */
  public static int platesFound(EndToEndMetrics m) {
    return (int) Math.round(m.recall() * m.groundTruths());
  }
}

package io.platestream.datasets;

import java.util.List;

/**
 * What reading a label source produced: the good labels, and in skip-bad mode the labels that were
 * skipped with the reason for each (in strict mode the first bad label throws instead).
 */
public record LabelReadResult<T>(List<T> labels, List<LabelFormatException> skipped) {
  public LabelReadResult {
    labels = List.copyOf(labels);
    skipped = List.copyOf(skipped);
  }

  /** One line for an operator: how many were read and skipped, and the first skip's reason. */
  public String summary() {
    String head = labels.size() + " labels read, " + skipped.size() + " skipped";
    return skipped.isEmpty() ? head : head + " (first: " + skipped.get(0).getMessage() + ")";
  }
}

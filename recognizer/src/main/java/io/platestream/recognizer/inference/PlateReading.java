package io.platestream.recognizer.inference;

import java.util.List;

/**
 * The grammar decoder's answer for one crop: the best valid plate with its confidences, or, when no
 * valid plate was found, the greedy reading flagged {@code valid = false}; plus the top candidates.
 * A plate the grammar could only complete with a character the model did not read is returned with
 * {@code valid = false} too.
 */
public record PlateReading(
    String text,
    boolean valid,
    float confidence,
    List<Float> charConfidences,
    List<Candidate> candidates) {
  public PlateReading {
    charConfidences = List.copyOf(charConfidences);
    candidates = List.copyOf(candidates);
  }

  /** An alternative plate and its share of the probability of the candidates found. */
  public record Candidate(String text, float confidence) {}
}

package io.platestream.recognizer.stage;

import java.util.List;

/**
 * What a pass keeps of one read: enough to vote and to point at the best crop. The crop itself is
 * kept only for the pass's best read (see {@link VehiclePass}).
 *
 * @param charConfidences one per character of {@code text}
 * @param candidates the read's alternative plates, best first
 */
public record PassRead(
    String detectionId,
    long captureTimeMs,
    String text,
    boolean valid,
    float confidence,
    List<Float> charConfidences,
    List<String> candidates) {
  public PassRead {
    charConfidences = List.copyOf(charConfidences);
    candidates = List.copyOf(candidates);
    if (charConfidences.size() != text.codePointCount(0, text.length())) {
      throw new IllegalArgumentException(
          "read "
              + detectionId
              + ": "
              + charConfidences.size()
              + " confidences for '"
              + text
              + "'");
    }
  }
}

package io.platestream.recognizer.inference;

import java.util.List;

/** A decoded crop: the text (separators removed), each character's probability, and their mean. */
public record Reading(String text, List<Float> charConfidences, float confidence) {
  public Reading {
    charConfidences = List.copyOf(charConfidences);
  }
}

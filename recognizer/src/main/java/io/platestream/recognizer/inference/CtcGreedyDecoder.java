package io.platestream.recognizer.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * PaddleOCR's {@code CTCLabelDecode}: the most likely class per time step, repeats merged, blanks
 * dropped; a character's confidence is its step's probability. Separators a plate prints but is not
 * made of (the dot, spaces) are removed with their confidences.
 */
public final class CtcGreedyDecoder implements CtcDecoder<Reading> {
  /** Characters plates print or the model reads between groups, but plates are not made of. */
  static final String SEPARATORS = " ·・•：:-.";

  private final CharacterDictionary dictionary;

  public CtcGreedyDecoder(CharacterDictionary dictionary) {
    this.dictionary = dictionary;
  }

  @Override
  public Reading decode(float[] probabilities, int offset, int steps, int classes) {
    if (classes != dictionary.classCount()) {
      throw new IllegalArgumentException(
          "model has "
              + classes
              + " classes but the dictionary explains "
              + dictionary.classCount());
    }
    StringBuilder text = new StringBuilder();
    List<Float> confidences = new ArrayList<>();
    int previous = -1;
    for (int t = 0; t < steps; t++) {
      int base = offset + t * classes;
      int best = 0;
      float bestP = probabilities[base];
      for (int c = 1; c < classes; c++) {
        if (probabilities[base + c] > bestP) {
          bestP = probabilities[base + c];
          best = c;
        }
      }
      if (best != previous && !CharacterDictionary.isBlank(best)) {
        String label = dictionary.label(best);
        if (!SEPARATORS.contains(label)) {
          text.append(label);
          confidences.add(bestP);
        }
      }
      previous = best;
    }
    float mean = 0;
    for (float c : confidences) mean += c;
    return new Reading(
        text.toString(), confidences, confidences.isEmpty() ? 0 : mean / confidences.size());
  }
}

package io.platestream.recognizer.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC prefix beam search that only keeps prefixes a {@link PlateGrammar} allows. Separator classes
 * (dot, colon, hyphen, space, which the pretrained model emits for the plate's dot) count as blank.
 * At each step only the {@code topK} most likely grammar characters extend a prefix, so a province
 * the model ranks second can still win. The best complete plate is returned with per-character
 * confidences from a forced (Viterbi) alignment of that plate to the model's output; when no beam
 * is a complete plate, the greedy reading is returned flagged invalid.
 */
public final class GrammarBeamDecoder implements CtcDecoder<PlateReading> {
  private final PlateGrammar grammar;
  private final CtcGreedyDecoder greedy;
  private final int beamWidth;
  private final int topK;
  private final int candidates;
  private final double minCharConfidence;
  private final int[] grammarClasses;
  private final int[] codePointOfClass;
  private final int[] separatorClasses;

  /**
   * A character the model gave less than this probability, where the forced alignment puts it, was
   * not read but filled in to complete the grammar: dates and brand names on a car's body came out
   * as valid plates that way (2015/05/11 as 新A05711), each with a character at probability below
   * 1e-5. At 0.01 (66 times chance among 6,625 classes) no correct reading of the 493 real training
   * crops and 2 of 515 of synthetic crops are lost, and 12-22 % of wrong readings become invalid
   * (docs/benchmarks-journal.md).
   */
  public static final double DEFAULT_MIN_CHAR_CONFIDENCE = 0.01;

  public GrammarBeamDecoder(
      CharacterDictionary dictionary,
      PlateGrammar grammar,
      int beamWidth,
      int topK,
      int candidates) {
    this(dictionary, grammar, beamWidth, topK, candidates, DEFAULT_MIN_CHAR_CONFIDENCE);
  }

  /**
   * @param minCharConfidence the least aligned probability of every character of a valid plate; a
   *     beam that needs a less likely character is returned invalid
   */
  public GrammarBeamDecoder(
      CharacterDictionary dictionary,
      PlateGrammar grammar,
      int beamWidth,
      int topK,
      int candidates,
      double minCharConfidence) {
    this.grammar = grammar;
    this.minCharConfidence = minCharConfidence;
    this.greedy = new CtcGreedyDecoder(dictionary);
    this.beamWidth = beamWidth;
    this.topK = topK;
    this.candidates = candidates;
    List<Integer> allowed = new ArrayList<>(), separators = new ArrayList<>();
    java.util.Set<String> alphabet = grammar.alphabet();
    codePointOfClass = new int[dictionary.classCount()];
    for (int c = 1; c < dictionary.classCount(); c++) {
      String label = dictionary.label(c);
      codePointOfClass[c] = label.isEmpty() ? -1 : label.codePointAt(0);
      if (label.codePointCount(0, label.length()) == 1 && alphabet.contains(label)) allowed.add(c);
      if (label.length() == 1 && CtcGreedyDecoder.SEPARATORS.contains(label)) separators.add(c);
    }
    this.grammarClasses = allowed.stream().mapToInt(Integer::intValue).toArray();
    this.separatorClasses = separators.stream().mapToInt(Integer::intValue).toArray();
  }

  public static GrammarBeamDecoder chineseDefaults(CharacterDictionary dictionary) {
    return new GrammarBeamDecoder(dictionary, PlateGrammar.chineseMainland(), 16, 6, 5);
  }

  private static final class Beam {
    final int[] chars;
    double blank, nonBlank;

    Beam(int[] chars) {
      this.chars = chars;
    }

    double total() {
      return blank + nonBlank;
    }
  }

  @Override
  public PlateReading decode(float[] probabilities, int offset, int steps, int classes) {
    Map<String, Beam> beams = new HashMap<>();
    Beam empty = new Beam(new int[0]);
    empty.blank = 1;
    beams.put("", empty);
    for (int t = 0; t < steps; t++) {
      int base = offset + t * classes;
      double pBlank = blankLike(probabilities, base);
      int[] best = topClasses(probabilities, base);
      Map<String, Beam> next = new HashMap<>();
      for (Beam beam : beams.values()) {
        String key = key(beam.chars);
        beamAt(next, key, beam.chars).blank += beam.total() * pBlank;
        int last = beam.chars.length == 0 ? -1 : beam.chars[beam.chars.length - 1];
        for (int c : best) {
          double p = probabilities[base + c];
          if (c == last) {
            beamAt(next, key, beam.chars).nonBlank += beam.nonBlank * p; // repeat collapses
            extend(next, beam, c, beam.blank * p); // a blank in between makes it a new character
          } else {
            extend(next, beam, c, beam.total() * p);
          }
        }
      }
      beams = prune(next);
    }
    List<Beam> complete =
        beams.values().stream()
            .filter(b -> b.chars.length > 0 && grammar.accepts(key(b.chars)))
            .sorted(Comparator.comparingDouble(Beam::total).reversed())
            .toList();
    if (complete.isEmpty()) {
      Reading fallback = greedy.decode(probabilities, offset, steps, classes);
      return new PlateReading(
          fallback.text(), false, fallback.confidence(), fallback.charConfidences(), List.of());
    }
    Beam winner = complete.get(0);
    double mass = complete.stream().limit(candidates).mapToDouble(Beam::total).sum();
    List<PlateReading.Candidate> top =
        complete.stream()
            .limit(candidates)
            .map(b -> new PlateReading.Candidate(key(b.chars), (float) (b.total() / mass)))
            .toList();
    List<Float> confidences =
        alignedConfidences(probabilities, offset, steps, classes, winner.chars);
    float mean = 0;
    float weakest = 1;
    for (float c : confidences) {
      mean += c;
      weakest = Math.min(weakest, c);
    }
    // A character the model did not read was filled in by the grammar: not a plate reading.
    boolean read = weakest >= minCharConfidence;
    return new PlateReading(key(winner.chars), read, mean / confidences.size(), confidences, top);
  }

  private void extend(Map<String, Beam> next, Beam beam, int classIndex, double p) {
    int[] chars = Arrays.copyOf(beam.chars, beam.chars.length + 1);
    chars[beam.chars.length] = codePointOfClass[classIndex];
    if (!grammar.viablePrefix(chars, chars.length)) return;
    beamAt(next, key(chars), chars).nonBlank += p;
  }

  private Map<String, Beam> prune(Map<String, Beam> beams) {
    List<Beam> sorted = new ArrayList<>(beams.values());
    sorted.sort(Comparator.comparingDouble(Beam::total).reversed());
    Map<String, Beam> kept = new HashMap<>();
    double norm = sorted.isEmpty() ? 1 : sorted.get(0).total();
    for (Beam beam : sorted.subList(0, Math.min(beamWidth, sorted.size()))) {
      // Rescale so long sequences do not underflow; only ratios matter.
      if (norm > 0) {
        beam.blank /= norm;
        beam.nonBlank /= norm;
      }
      kept.put(key(beam.chars), beam);
    }
    return kept;
  }

  private int[] topClasses(float[] probabilities, int base) {
    int k = Math.min(topK, grammarClasses.length);
    int[] best = new int[k];
    float[] bestP = new float[k];
    Arrays.fill(bestP, -1);
    for (int c : grammarClasses) {
      float p = probabilities[base + c];
      if (p <= bestP[k - 1]) continue;
      int i = k - 1;
      while (i > 0 && bestP[i - 1] < p) {
        bestP[i] = bestP[i - 1];
        best[i] = best[i - 1];
        i--;
      }
      bestP[i] = p;
      best[i] = c;
    }
    return best;
  }

  /** Viterbi alignment of the chosen text; each character's confidence is its best aligned step. */
  private List<Float> alignedConfidences(
      float[] probabilities, int offset, int steps, int classes, int[] chars) {
    int[] labels = new int[chars.length];
    for (int i = 0; i < chars.length; i++) labels[i] = classOf(chars[i]);
    int states = 2 * labels.length + 1; // blank, c1, blank, c2, ..., blank
    double[] score = new double[states];
    Arrays.fill(score, Double.NEGATIVE_INFINITY);
    int[][] from = new int[steps][states];
    for (int t = 0; t < steps; t++) {
      int base = offset + t * classes;
      double[] next = new double[states];
      Arrays.fill(next, Double.NEGATIVE_INFINITY);
      for (int s = 0; s < states; s++) {
        double emit =
            Math.log(
                Math.max(
                    1e-30,
                    s % 2 == 0
                        ? blankLike(probabilities, base)
                        : probabilities[base + labels[s / 2]]));
        if (t == 0) {
          if (s <= 1) next[s] = emit;
          continue;
        }
        int bestPrev = s;
        double bestScore = score[s];
        if (s >= 1 && score[s - 1] > bestScore) {
          bestScore = score[s - 1];
          bestPrev = s - 1;
        }
        if (s >= 2
            && s % 2 == 1
            && labels[s / 2] != labels[s / 2 - 1]
            && score[s - 2] > bestScore) {
          bestScore = score[s - 2];
          bestPrev = s - 2;
        }
        next[s] = bestScore + emit;
        from[t][s] = bestPrev;
      }
      score = next;
    }
    int state = score[states - 1] >= score[Math.max(0, states - 2)] ? states - 1 : states - 2;
    float[] confidence = new float[labels.length];
    for (int t = steps - 1; t >= 0; t--) {
      if (state % 2 == 1) {
        int index = state / 2;
        confidence[index] =
            Math.max(confidence[index], probabilities[offset + t * classes + labels[index]]);
      }
      if (t > 0) state = from[t][state];
    }
    List<Float> list = new ArrayList<>(labels.length);
    for (float c : confidence) list.add(c);
    return list;
  }

  private double blankLike(float[] probabilities, int base) {
    double p = probabilities[base];
    for (int s : separatorClasses) p += probabilities[base + s];
    return p;
  }

  private int classOf(int codePoint) {
    for (int c : grammarClasses) if (codePointOfClass[c] == codePoint) return c;
    throw new IllegalStateException(
        "character " + Character.toString(codePoint) + " is not in the dictionary");
  }

  private static Beam beamAt(Map<String, Beam> beams, String key, int[] chars) {
    return beams.computeIfAbsent(key, k -> new Beam(chars));
  }

  /** A prefix as text: the beam map's key and the plate it spells. */
  private static String key(int[] chars) {
    return new String(chars, 0, chars.length);
  }
}

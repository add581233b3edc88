package io.platestream.recognizer.stage;

import io.platestream.datasets.metrics.EditDistance;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plate a pass's reads agree on. Valid reads vote when there are any (a read the grammar
 * rejected is a misread, not an opinion); the length most of the confidence backs wins; then each
 * position takes the character with the largest summed confidence at that position. A wrong
 * character in a third of the reads is outvoted.
 */
final class PlateVote {
  /**
   * @param confidence the mean, over positions, of the winning character's share of the confidence
   *     at that position, times the mean confidence of the reads that voted
   * @param candidates the voted text first (with {@code confidence}), then the other texts the
   *     voters read by their share of the voters' confidence, then texts only rejected reads gave;
   *     at most five. The headline and its alternatives come from the same reads, so an event never
   *     lists a rejected misread above the plate it reports.
   */
  record Result(
      String text, boolean fromValidReads, float confidence, List<Candidate> candidates) {}

  record Candidate(String text, float share) {}

  private PlateVote() {}

  static Result vote(List<PassRead> reads) {
    List<PassRead> voters = reads.stream().filter(PassRead::valid).toList();
    boolean fromValid = !voters.isEmpty();
    if (!fromValid) {
      voters = reads;
    }
    int length = winningLength(voters);
    List<PassRead> sameLength =
        voters.stream()
            .filter(r -> r.text().codePointCount(0, r.text().length()) == length)
            .toList();
    StringBuilder text = new StringBuilder();
    double shareSum = 0;
    for (int position = 0; position < length; position++) {
      Map<Integer, Double> weight = new HashMap<>();
      double total = 0;
      for (PassRead read : sameLength) {
        int character = read.text().codePoints().skip(position).findFirst().orElseThrow();
        double w = Math.max(1e-6, read.charConfidences().get(position));
        weight.merge(character, w, Double::sum);
        total += w;
      }
      Map.Entry<Integer, Double> winner =
          weight.entrySet().stream()
              .max(
                  Map.Entry.<Integer, Double>comparingByValue()
                      .thenComparing(Map.Entry.comparingByKey()))
              .orElseThrow();
      text.appendCodePoint(winner.getKey());
      shareSum += winner.getValue() / total;
    }
    double meanShare = length == 0 ? 0 : shareSum / length;
    double meanConfidence =
        sameLength.stream().mapToDouble(PassRead::confidence).average().orElse(0);
    float confidence = (float) (meanShare * meanConfidence);
    String voted = text.toString();
    return new Result(voted, fromValid, confidence, candidates(voted, confidence, voters, reads));
  }

  static int editDistance(String a, String b) {
    return EditDistance.between(a, b);
  }

  /** The text length with the most confidence behind it (ties: the longer). */
  private static int winningLength(List<PassRead> reads) {
    Map<Integer, Double> byLength = new HashMap<>();
    for (PassRead read : reads) {
      byLength.merge(
          read.text().codePointCount(0, read.text().length()),
          (double) read.confidence() + 1e-6,
          Double::sum);
    }
    return byLength.entrySet().stream()
        .max(
            Map.Entry.<Integer, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(Map.Entry::getKey)
        .orElse(0);
  }

  private static List<Candidate> candidates(
      String voted, float confidence, List<PassRead> voters, List<PassRead> reads) {
    List<Candidate> result = new ArrayList<>();
    result.add(new Candidate(voted, confidence));
    addByShare(result, voters);
    addByShare(result, reads);
    return List.copyOf(result.subList(0, Math.min(5, result.size())));
  }

  /** Texts of {@code reads} not listed yet, by their share of those reads' confidence. */
  private static void addByShare(List<Candidate> result, List<PassRead> reads) {
    Map<String, Double> byText = new LinkedHashMap<>();
    double total = 0;
    for (PassRead read : reads) {
      byText.merge(read.text(), (double) read.confidence(), Double::sum);
      total += read.confidence();
    }
    double sum = total;
    byText.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
        .filter(e -> result.stream().noneMatch(c -> c.text().equals(e.getKey())))
        .forEach(
            e ->
                result.add(new Candidate(e.getKey(), sum == 0 ? 0 : (float) (e.getValue() / sum))));
  }
}

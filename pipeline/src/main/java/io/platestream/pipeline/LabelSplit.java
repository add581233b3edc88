package io.platestream.pipeline;

import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Operators' plate labels split for fine-tuning so that validation is never a neighbour of
 * training: per camera, the latest {@link #VALIDATION_SHARE} of its labels (by the time the pass
 * began) validate, and training labels of that camera end at least {@link #GUARD} before the first
 * of them (the same car seen again, or the same light, would flatter the model). A camera with
 * fewer than {@link #MIN_TO_VALIDATE} labels only trains. Which verdicts count is the learner's
 * choice: confirmed and corrected plates teach a recognizer ({@link #PLATE_TEXT}); a plate verifier
 * also learns from "not a plate" and unreadable plates ({@link #EVERY_VERDICT}).
 *
 * @param dropped training labels left out for being within the guard of validation
 */
public record LabelSplit(List<PlateLabel> train, List<PlateLabel> validation, int dropped) {
  public static final double VALIDATION_SHARE = 0.2;
  public static final Duration GUARD = Duration.ofMinutes(10);
  public static final int MIN_TO_VALIDATE = 5;

  /** Labels with a plate's text: what a recognizer learns from. */
  public static final Set<LabelVerdict> PLATE_TEXT =
      Set.copyOf(EnumSet.of(LabelVerdict.CONFIRMED, LabelVerdict.CORRECTED));

  /** Every verdict: plates, unreadable plates and boxes that are not plates. */
  public static final Set<LabelVerdict> EVERY_VERDICT =
      Set.copyOf(EnumSet.allOf(LabelVerdict.class));

  /** The split of the labels with a plate's text. */
  public static LabelSplit of(Collection<PlateLabel> labels) {
    return of(labels, PLATE_TEXT);
  }

  /** The split of the labels whose verdict is one of {@code verdicts}. */
  public static LabelSplit of(Collection<PlateLabel> labels, Set<LabelVerdict> verdicts) {
    return of(labels, verdicts, GUARD);
  }

  /**
   * The same with another guard between training and validation: shorter where a site has few
   * passes, zero where the same plates pass again and again by design (a test clip on a loop).
   */
  public static LabelSplit of(
      Collection<PlateLabel> labels, Set<LabelVerdict> verdicts, Duration guard) {
    if (guard.isNegative()) {
      throw new IllegalArgumentException("the guard between training and validation is " + guard);
    }
    Map<String, List<PlateLabel>> byCamera = new TreeMap<>();
    for (PlateLabel label : labels) {
      if (verdicts.contains(label.getVerdict())) {
        byCamera.computeIfAbsent(label.getCameraId(), c -> new ArrayList<>()).add(label);
      }
    }
    List<PlateLabel> train = new ArrayList<>();
    List<PlateLabel> validation = new ArrayList<>();
    int dropped = 0;
    for (List<PlateLabel> camera : byCamera.values()) {
      camera.sort(
          Comparator.comparingLong(PlateLabel::getFirstSeenMs)
              .thenComparing(l -> l.getEventId().toString()));
      int validating =
          camera.size() < MIN_TO_VALIDATE ? 0 : (int) Math.ceil(camera.size() * VALIDATION_SHARE);
      int first = camera.size() - validating;
      long trainEndsBefore =
          validating == 0 ? Long.MAX_VALUE : camera.get(first).getFirstSeenMs() - guard.toMillis();
      for (int i = 0; i < camera.size(); i++) {
        PlateLabel label = camera.get(i);
        if (i >= first) {
          validation.add(label);
        } else if (label.getFirstSeenMs() < trainEndsBefore) {
          train.add(label);
        } else {
          dropped++;
        }
      }
    }
    return new LabelSplit(List.copyOf(train), List.copyOf(validation), dropped);
  }
}

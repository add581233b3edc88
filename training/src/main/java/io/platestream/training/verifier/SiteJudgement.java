package io.platestream.training.verifier;

import io.platestream.detector.inference.PlateAppearance;
import io.platestream.detector.inference.PlateVerifier;
import io.platestream.schemas.LabelVerdict;
import io.platestream.schemas.PlateLabel;
import java.awt.image.BufferedImage;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * A verifier judged on the site's validation labels: the share of its labelled plates it passes
 * (what it must keep) and the share of its "not a plate" boxes it still passes (what it is for).
 */
public record SiteJudgement(int plates, int platesPassed, int others, int othersPassed) {

  public static SiteJudgement of(PlateVerifier verifier, Collection<PlateLabel> labels) {
    int plates = 0;
    int platesPassed = 0;
    int others = 0;
    int othersPassed = 0;
    for (PlateLabel label : labels) {
      Optional<BufferedImage> crop = VerifierExamples.crop(label);
      if (crop.isEmpty()) {
        continue;
      }
      boolean passed = verifier.accepts(PlateAppearance.of(crop.get()));
      if (label.getVerdict() == LabelVerdict.NOT_A_PLATE) {
        others++;
        othersPassed += passed ? 1 : 0;
      } else {
        plates++;
        platesPassed += passed ? 1 : 0;
      }
    }
    return new SiteJudgement(plates, platesPassed, others, othersPassed);
  }

  public String describe() {
    return String.format(
        Locale.ROOT,
        "on the site's validation labels it passes %d of %d plates (%s) and %d of %d other boxes"
            + " (%s)",
        platesPassed,
        plates,
        share(platesPassed, plates),
        othersPassed,
        others,
        share(othersPassed, others));
  }

  private static String share(int part, int whole) {
    return whole == 0 ? "none to judge" : String.format(Locale.ROOT, "%.3f", (double) part / whole);
  }
}

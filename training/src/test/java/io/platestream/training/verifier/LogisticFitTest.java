package io.platestream.training.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.platestream.detector.inference.PlateAppearance;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The verifier's fit on examples whose separation is known. */
class LogisticFitTest {
  private static final int N = PlateAppearance.NAMES.size();

  @Test
  void plateSharedFeaturesAreWeightedUpAndTheThresholdKeepsTheAskedRecall() {
    // Plates: a high plate-colour share and many crossings; others: low, with overlap.
    Random random = new Random(7);
    List<VerifierExamples.Example> examples = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      examples.add(new VerifierExamples.Example(features(random, 0.8, 3.0), true));
    }
    for (int i = 0; i < 2000; i++) {
      examples.add(new VerifierExamples.Example(features(random, 0.3, 2.0), false));
    }

    LogisticFit.Result fit = LogisticFit.fit(examples, 0.95, "test");

    assertThat(fit.plateRecall()).isGreaterThanOrEqualTo(0.95);
    assertThat(fit.otherPassRate()).as("most others rejected").isLessThan(0.2);
    assertThat(fit.verifier().score(features(new Random(1), 0.9, 3.2)))
        .isGreaterThan(fit.verifier().score(features(new Random(1), 0.1, 1.5)));
  }

  @Test
  void examplesOfOneKindOnlyAreRefused() {
    List<VerifierExamples.Example> plates =
        List.of(new VerifierExamples.Example(new double[N], true));
    assertThatThrownBy(() -> LogisticFit.fit(plates, 0.99, "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 1 plates and 0 others");
  }

  /** Features with the plate-colour share and log crossings near the given values. */
  private static double[] features(Random random, double colour, double logCrossings) {
    double[] x = new double[N];
    for (int i = 0; i < N; i++) x[i] = random.nextGaussian() * 0.1;
    x[PlateAppearance.NAMES.indexOf("plate_colour")] = colour + random.nextGaussian() * 0.15;
    x[PlateAppearance.NAMES.indexOf("log_crossings")] = logCrossings + random.nextGaussian() * 0.3;
    return x;
  }
}

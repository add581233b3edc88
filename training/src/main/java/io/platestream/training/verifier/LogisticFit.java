package io.platestream.training.verifier;

import io.platestream.detector.inference.PlateVerifier;
import java.util.Arrays;
import java.util.List;

/**
 * Fits a {@link PlateVerifier}: logistic regression on standardised features, plates weighted up to
 * balance the far more numerous other boxes, a little L2, full-batch gradient descent (a few
 * thousand examples and ten features: exact enough, and deterministic). The threshold is set on the
 * training plates so that {@code plateRecall} of them pass: losing a plate costs more than reading
 * a sign.
 */
public final class LogisticFit {
  private static final int STEPS = 3000;
  private static final double LEARNING_RATE = 0.1;
  private static final double L2 = 1e-3;

  /** What the fit achieved on the examples it was fitted on. */
  public record Result(PlateVerifier verifier, double plateRecall, double otherPassRate) {}

  private LogisticFit() {}

  public static Result fit(
      List<VerifierExamples.Example> examples, double plateRecall, String source) {
    long plates = examples.stream().filter(VerifierExamples.Example::plate).count();
    long others = examples.size() - plates;
    if (plates == 0 || others == 0) {
      throw new IllegalArgumentException(
          "a verifier needs plates and other boxes to learn from; got "
              + plates
              + " plates and "
              + others
              + " others");
    }
    int n = examples.get(0).features().length;
    double[] mean = new double[n], scale = new double[n];
    for (VerifierExamples.Example e : examples) {
      for (int i = 0; i < n; i++) mean[i] += e.features()[i] / examples.size();
    }
    for (VerifierExamples.Example e : examples) {
      for (int i = 0; i < n; i++) {
        scale[i] += Math.pow(e.features()[i] - mean[i], 2) / examples.size();
      }
    }
    for (int i = 0; i < n; i++) scale[i] = Math.sqrt(scale[i]) + 1e-9;

    double plateWeight = (double) others / plates;
    double[] w = new double[n];
    double b = 0;
    double[][] x = new double[examples.size()][n];
    for (int k = 0; k < examples.size(); k++) {
      for (int i = 0; i < n; i++) x[k][i] = (examples.get(k).features()[i] - mean[i]) / scale[i];
    }
    for (int step = 0; step < STEPS; step++) {
      double[] gradient = new double[n];
      double biasGradient = 0;
      for (int k = 0; k < x.length; k++) {
        double z = b;
        for (int i = 0; i < n; i++) z += w[i] * x[k][i];
        double p = 1 / (1 + Math.exp(-z));
        boolean plate = examples.get(k).plate();
        double error = (p - (plate ? 1 : 0)) * (plate ? plateWeight : 1);
        for (int i = 0; i < n; i++) gradient[i] += error * x[k][i];
        biasGradient += error;
      }
      for (int i = 0; i < n; i++) {
        w[i] -= LEARNING_RATE * (gradient[i] / x.length + L2 * w[i]);
      }
      b -= LEARNING_RATE * biasGradient / x.length;
    }

    PlateVerifier scorer = new PlateVerifier(mean, scale, w, b, 0, source);
    double[] plateScores =
        examples.stream()
            .filter(VerifierExamples.Example::plate)
            .mapToDouble(e -> scorer.score(e.features()))
            .sorted()
            .toArray();
    double threshold = plateScores[(int) Math.floor((1 - plateRecall) * plateScores.length)];
    PlateVerifier verifier = new PlateVerifier(mean, scale, w, b, threshold, source);
    double recall =
        Arrays.stream(plateScores).filter(s -> s >= threshold).count() / (double) plates;
    double otherPass =
        examples.stream()
                .filter(e -> !e.plate())
                .filter(e -> verifier.score(e.features()) >= threshold)
                .count()
            / (double) others;
    return new Result(verifier, recall, otherPass);
  }
}

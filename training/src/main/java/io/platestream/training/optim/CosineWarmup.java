package io.platestream.training.optim;

/**
 * The learning rate of PaddleOCR's recipe: a linear warm-up from 0 over the first steps, then a
 * cosine decay to 0 at the last step.
 */
public record CosineWarmup(double peak, int warmupSteps, int totalSteps) {
  public CosineWarmup {
    if (peak <= 0 || warmupSteps < 0 || totalSteps <= warmupSteps) {
      throw new IllegalArgumentException(
          "need a positive rate and fewer warm-up steps than steps, got "
              + peak
              + ", "
              + warmupSteps
              + ", "
              + totalSteps);
    }
  }

  /** The rate for step {@code step} (0-based). */
  public double rate(int step) {
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
    return 0.5 * peak * (1 + Math.cos(Math.PI * Math.min(1, progress)));
  }
}

package io.platestream.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.platestream.training.optim.Adam;
import io.platestream.training.optim.CosineWarmup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The seed's optimisation loop, the same for every model: shuffled epochs of batches; per batch the
 * loss under a gradient collector, then one Adam step (coupled L2, optional clipping) at the cosine
 * learning rate after a linear warm-up. Everything a step makes lives in a manager closed after it.
 * A step whose loss or gradient is not finite is skipped (logged), so one bad batch cannot poison
 * the weights.
 */
public final class TrainingLoop {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrainingLoop.class);

  /** How to train. */
  public record Settings(
      int epochs,
      int batchSize,
      double learningRate,
      int warmupSteps,
      double l2,
      double clipNorm,
      long seed) {
    /** A short fine-tune: 4 epochs of 8, peak 2e-4 after 2 warm-up steps, L2 1e-5, clip 5. */
    public static Settings defaults() {
      return new Settings(4, 8, 2e-4, 2, 1e-5, 5, 1);
    }
  }

  /** One step's loss and learning rate. */
  public record Step(int step, double loss, double rate) {}

  private TrainingLoop() {}

  /**
   * Trains {@code weights} in place.
   *
   * @param loss the loss of one batch; arrays it makes belong to the given manager
   */
  public static <S> List<Step> run(
      Map<String, NDArray> weights,
      List<S> samples,
      Settings settings,
      BiFunction<List<S>, NDManager, NDArray> loss,
      Consumer<Step> progress) {
    weights.values().forEach(w -> w.setRequiresGradient(true));
    int perEpoch = (samples.size() + settings.batchSize() - 1) / settings.batchSize();
    CosineWarmup schedule =
        new CosineWarmup(
            settings.learningRate(), settings.warmupSteps(), settings.epochs() * perEpoch);
    List<Step> steps = new ArrayList<>();
    List<S> order = new ArrayList<>(samples);
    Random random = new Random(settings.seed());
    try (Adam adam = new Adam(settings.l2(), settings.clipNorm())) {
      for (int epoch = 0; epoch < settings.epochs(); epoch++) {
        Collections.shuffle(order, random);
        for (int from = 0; from < order.size(); from += settings.batchSize()) {
          List<S> batch = order.subList(from, Math.min(order.size(), from + settings.batchSize()));
          double rate = schedule.rate(steps.size());
          double value;
          try (NDManager scope = NDManager.newBaseManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              NDArray l = loss.apply(batch, scope);
              value = l.getFloat();
              if (Double.isFinite(value)) {
                collector.backward(l);
              }
            }
            if (!Double.isFinite(value) || !adam.step(weights, rate)) {
              log.warn(
                  "step {}: loss {} or its gradient is not finite; step skipped",
                  steps.size(),
                  value);
            }
          }
          Step step = new Step(steps.size(), value, rate);
          steps.add(step);
          progress.accept(step);
        }
      }
    } finally {
      weights.values().forEach(w -> w.setRequiresGradient(false));
    }
    return steps;
  }
}

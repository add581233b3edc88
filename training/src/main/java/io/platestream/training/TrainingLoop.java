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
 *
 * <p>Batches are prepared (decoded, augmented, targets drawn) by {@link BatchPrefetcher} on worker
 * threads ahead of the trainer; each batch's randomness comes from the seed and its step number, so
 * a run is the same whatever the number of workers, and a resumed run continues the same sequence.
 */
public final class TrainingLoop {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrainingLoop.class);

  /**
   * How to train.
   *
   * @param workers threads preparing batches ahead of the trainer
   * @param checkpointEvery steps between checkpoints (0: only after the last step)
   */
  public record Settings(
      int epochs,
      int batchSize,
      double learningRate,
      int warmupSteps,
      double l2,
      double clipNorm,
      long seed,
      int workers,
      int checkpointEvery) {
    public Settings {
      if (epochs < 1 || batchSize < 1 || workers < 1 || checkpointEvery < 0) {
        throw new IllegalArgumentException(
            "epochs, batch size and workers must be at least 1, checkpoint interval at least 0");
      }
    }

    /** One worker, a checkpoint only at the end. */
    public Settings(
        int epochs,
        int batchSize,
        double learningRate,
        int warmupSteps,
        double l2,
        double clipNorm,
        long seed) {
      this(epochs, batchSize, learningRate, warmupSteps, l2, clipNorm, seed, 1, 0);
    }

    /** A short fine-tune: 4 epochs of 8, peak 2e-4 after 2 warm-up steps, L2 1e-5, clip 5. */
    public static Settings defaults() {
      return new Settings(4, 8, 2e-4, 2, 1e-5, 5, 1);
    }

    /** The number of optimisation steps over {@code samples} samples. */
    public int totalSteps(int samples) {
      return epochs * stepsPerEpoch(samples);
    }

    public int stepsPerEpoch(int samples) {
      return (samples + batchSize - 1) / batchSize;
    }
  }

  /** One step's loss and learning rate. */
  public record Step(int step, double loss, double rate) {}

  /**
   * What a model's training says about a batch.
   *
   * @param <S> a sample as the data set holds it
   * @param <B> a batch ready for the trainer (plain arrays: it is made on a worker thread)
   */
  public interface Objective<S, B> {
    /** Runs on a worker thread: load, augment, build the targets. */
    B prepare(List<S> samples, Random random);

    /** Runs on the trainer thread: the batch's loss; arrays it makes belong to {@code scope}. */
    NDArray loss(B batch, NDManager scope);
  }

  /** Told of each step, and of each checkpoint with the state to resume from. */
  public interface Listener {
    void step(Step step);

    /**
     * After every {@link Settings#checkpointEvery()} steps and after the last. The state's arrays
     * are the live weights and moments: save or copy them before returning.
     */
    default void checkpoint(TrainingState state) {}
  }

  private TrainingLoop() {}

  /**
   * Trains {@code weights} in place, preparing each batch on the trainer thread from a function.
   */
  public static <S> List<Step> run(
      Map<String, NDArray> weights,
      List<S> samples,
      Settings settings,
      BiFunction<List<S>, NDManager, NDArray> loss,
      Consumer<Step> progress) {
    Objective<S, List<S>> objective =
        new Objective<>() {
          @Override
          public List<S> prepare(List<S> batch, Random random) {
            return batch;
          }

          @Override
          public NDArray loss(List<S> batch, NDManager scope) {
            return loss.apply(batch, scope);
          }
        };
    return run(weights, samples, settings, objective, progress::accept, null);
  }

  /**
   * Trains {@code weights} in place.
   *
   * @param resume the state a checkpoint saved (null: start afresh); its weights are copied in
   */
  public static <S, B> List<Step> run(
      Map<String, NDArray> weights,
      List<S> samples,
      Settings settings,
      Objective<S, B> objective,
      Listener listener,
      TrainingState resume) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("nothing to train on: no samples");
    }
    int total = settings.totalSteps(samples.size());
    CosineWarmup schedule =
        new CosineWarmup(settings.learningRate(), settings.warmupSteps(), total);
    List<Step> steps = new ArrayList<>();
    weights.values().forEach(w -> w.setRequiresGradient(true));
    try (Adam adam = new Adam(settings.l2(), settings.clipNorm());
        BatchPrefetcher<S, B> batches =
            new BatchPrefetcher<>(
                plan(samples, settings), objective::prepare, settings.seed(), settings.workers())) {
      int start = 0;
      if (resume != null) {
        start = resume.restoreInto(weights, adam);
        log.info("resuming at step {} of {}", start, total);
      }
      batches.skip(start);
      for (int index = start; index < total; index++) {
        double rate = schedule.rate(index);
        B batch = batches.next();
        double value;
        try (NDManager scope = NDManager.newBaseManager()) {
          try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray l = objective.loss(batch, scope);
            value = l.getFloat();
            if (Double.isFinite(value)) {
              collector.backward(l);
            }
          }
          if (!Double.isFinite(value) || !adam.step(weights, rate)) {
            log.warn("step {}: loss {} or its gradient is not finite; step skipped", index, value);
          }
        }
        Step step = new Step(index, value, rate);
        steps.add(step);
        listener.step(step);
        boolean last = index == total - 1;
        if (last
            || (settings.checkpointEvery() > 0 && (index + 1) % settings.checkpointEvery() == 0)) {
          listener.checkpoint(TrainingState.of(index + 1, total, weights, adam));
        }
      }
    } finally {
      weights.values().forEach(w -> w.setRequiresGradient(false));
    }
    return steps;
  }

  /** Every step's batch in order: each epoch a fresh shuffle from the seed's one random stream. */
  static <S> List<List<S>> plan(List<S> samples, Settings settings) {
    List<List<S>> plan = new ArrayList<>();
    List<S> order = new ArrayList<>(samples);
    Random random = new Random(settings.seed());
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      Collections.shuffle(order, random);
      for (int from = 0; from < order.size(); from += settings.batchSize()) {
        plan.add(
            List.copyOf(order.subList(from, Math.min(order.size(), from + settings.batchSize()))));
      }
    }
    return plan;
  }
}

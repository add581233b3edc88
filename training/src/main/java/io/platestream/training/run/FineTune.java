package io.platestream.training.run;

import io.platestream.training.TrainingLoop;
import io.platestream.training.TrainingState;
import io.platestream.training.graph.OnnxGraph;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One model's fine-tuning run as {@code platestream train} drives it: its data already split, a way
 * to score any version of the model on the held-out part, and the training itself.
 */
public interface FineTune {
  /** The registry's name of the model. */
  String modelName();

  /** The metric the quality gate compares (higher is better). */
  String mainMetric();

  /** A one-line account of the split, for the console. */
  String describe();

  /** Optimisation steps the run makes. */
  int totalSteps();

  /** Scores a version (its ONNX bytes) on the held-out part. */
  Map<String, Double> evaluate(byte[] onnx);

  /**
   * Trains from {@code base}, or from {@code resume} when not null, and returns the exported model
   * as it is after the last step.
   */
  byte[] train(byte[] base, TrainingState resume, Progress progress);

  /**
   * How many samples each held-out metric is a share of, where it is one: the quality gate counts a
   * fall of a single sample as noise.
   */
  default Map<String, Integer> samples() {
    return Map.of();
  }

  /** Settings worth recording with the published version. */
  Map<String, String> settings();

  /** What the trainer tells the command. */
  interface Progress {
    void step(TrainingLoop.Step step);

    /**
     * A checkpoint: the state to resume from (save it before returning) and the model as it is now,
     * exported on demand.
     */
    void checkpoint(TrainingState state, Supplier<byte[]> model);

    /** The training loop's listener for a run of {@code graph}: its checkpoints export it. */
    default TrainingLoop.Listener of(OnnxGraph graph) {
      return new TrainingLoop.Listener() {
        @Override
        public void step(TrainingLoop.Step step) {
          Progress.this.step(step);
        }

        @Override
        public void checkpoint(TrainingState state) {
          Progress.this.checkpoint(state, graph::export);
        }
      };
    }
  }

  /** A data set shuffled once (seed 1) and cut into a held-out validation share and the rest. */
  record Split<T>(List<T> validation, List<T> train) {
    /**
     * @param unit what one item is, for the error ("crops", "images")
     */
    static <T> Split<T> of(List<T> items, double validationShare, int batch, String unit) {
      List<T> all = new ArrayList<>(items);
      Collections.shuffle(all, new Random(1));
      int held = Math.max(1, (int) Math.round(all.size() * validationShare));
      if (all.size() - held < batch) {
        throw new IllegalArgumentException(
            all.size() + " " + unit + " leave fewer than one batch of " + batch + " to train on");
      }
      return new Split<>(
          List.copyOf(all.subList(0, held)), List.copyOf(all.subList(held, all.size())));
    }
  }
}

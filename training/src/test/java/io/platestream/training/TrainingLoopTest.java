package io.platestream.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop on a small least-squares problem whose batches are "augmented" with noise from each
 * batch's own random: the result does not depend on the number of loader threads, and a run stopped
 * at a checkpoint and resumed from the saved state ends exactly where an unbroken run does.
 */
class TrainingLoopTest {
  /** y = w . x on inputs with noise drawn from the batch's random. */
  private static TrainingLoop.Objective<float[], float[][]> noisyLine(
      Map<String, NDArray> weights) {
    return new TrainingLoop.Objective<>() {
      @Override
      public float[][] prepare(List<float[]> samples, Random random) {
        float[] x = new float[samples.size() * 3];
        float[] y = new float[samples.size()];
        for (int i = 0; i < samples.size(); i++) {
          for (int k = 0; k < 3; k++) {
            x[i * 3 + k] = samples.get(i)[k] + (float) (0.05 * random.nextGaussian());
          }
          y[i] = samples.get(i)[3];
        }
        return new float[][] {x, y};
      }

      @Override
      public NDArray loss(float[][] batch, NDManager scope) {
        NDArray x = scope.create(batch[0], new Shape(batch[1].length, 3));
        NDArray y = scope.create(batch[1], new Shape(batch[1].length, 1));
        return x.matMul(weights.get("w")).sub(y).square().mean();
      }
    };
  }

  @Test
  void loaderThreadsDoNotChangeTheResult() {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] one = train(manager, settings(1, 0), null, null);
      float[] three = train(manager, settings(3, 0), null, null);
      assertThat(three).containsExactly(one);
      assertThat(one[0]).isBetween(1.5f, 2.5f); // it learned y = 2 a - b + 0.5 c
    }
  }

  @Test
  void aRunResumedFromItsCheckpointEndsWhereAnUnbrokenRunEnds(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      float[] unbroken = train(manager, settings(2, 0), null, null);

      // The same run, checkpointing every 7 steps; the state of step 14 is kept, as if it died.
      List<Integer> saved = new ArrayList<>();
      train(
          manager,
          settings(2, 7),
          state -> {
            saved.add(state.step());
            if (state.step() == 14) {
              state.save(dir.resolve("checkpoint"));
            }
          },
          null);
      assertThat(saved).hasSize(18).startsWith(7, 14, 21).endsWith(119, 120);

      try (TrainingState state = TrainingState.load(dir.resolve("checkpoint"))) {
        assertThat(state.step()).isEqualTo(14);
        assertThat(state.totalSteps()).isEqualTo(120);
        float[] resumed = train(manager, settings(2, 0), null, state);
        assertThat(resumed).usingComparatorWithPrecision(1e-6f).containsExactly(unbroken);
      }
    }
  }

  @Test
  void aCheckpointOfOtherParametersIsRefusedByName(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      train(manager, settings(1, 120), state -> state.save(dir.resolve("checkpoint")), null);
      try (TrainingState state = TrainingState.load(dir.resolve("checkpoint"))) {
        Map<String, NDArray> other = Map.of("v", manager.zeros(new Shape(3, 1)));
        assertThatThrownBy(
                () ->
                    TrainingLoop.run(
                        other, samples(), settings(1, 0), noisyLine(other), step -> {}, state))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("the checkpoint is of other parameters");
      }
      assertThatThrownBy(() -> TrainingState.load(dir.resolve("nowhere")))
          .hasMessageContaining("no checkpoint in");
    }
  }

  private static float[] train(
      NDManager manager,
      TrainingLoop.Settings settings,
      java.util.function.Consumer<TrainingState> checkpoint,
      TrainingState resume) {
    Map<String, NDArray> weights = Map.of("w", manager.zeros(new Shape(3, 1)));
    TrainingLoop.run(
        weights,
        samples(),
        settings,
        noisyLine(weights),
        new TrainingLoop.Listener() {
          @Override
          public void step(TrainingLoop.Step step) {}

          @Override
          public void checkpoint(TrainingState state) {
            if (checkpoint != null) {
              checkpoint.accept(state);
            }
          }
        },
        resume);
    return weights.get("w").toFloatArray();
  }

  /** 40 epochs of 3 batches (the last one short) at a learning rate of 0.2. */
  private static TrainingLoop.Settings settings(int workers, int checkpointEvery) {
    return new TrainingLoop.Settings(40, 16, 0.2, 2, 0, 0, 5, workers, checkpointEvery);
  }

  private static List<float[]> samples() {
    Random random = new Random(1);
    return IntStream.range(0, 40)
        .mapToObj(
            i -> {
              float a = random.nextFloat(), b = random.nextFloat(), c = random.nextFloat();
              return new float[] {a, b, c, 2 * a - b + 0.5f * c};
            })
        .toList();
  }
}

package io.platestream.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.platestream.training.optim.Adam;
import io.platestream.training.run.FineTune;
import io.platestream.training.run.FineTuneRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run keeps the best model it has seen, the starting one included: a run that never beats its
 * starting point returns that starting point. The models here are one-byte stand-ins whose
 * validation score is looked up, so the rule is tested apart from any real training.
 */
class FineTuneRunTest {

  /**
   * A fine-tune whose checkpoints are the models 1, 2, ... scoring as listed, on real data too when
   * {@code realScoreOfModel} is given.
   */
  private record Scripted(double[] scoreOfModel, double[] realScoreOfModel) implements FineTune {
    Scripted(double[] scoreOfModel) {
      this(scoreOfModel, null);
    }

    @Override
    public String modelName() {
      return "plate-recognizer";
    }

    @Override
    public String mainMetric() {
      return "accuracy";
    }

    @Override
    public String describe() {
      return "scripted";
    }

    @Override
    public int totalSteps() {
      return scoreOfModel.length - 1;
    }

    @Override
    public Map<String, Double> evaluate(byte[] onnx) {
      return realScoreOfModel == null
          ? Map.of("accuracy", scoreOfModel[onnx[0]])
          : Map.of(
              "accuracy", scoreOfModel[onnx[0]], "real_crops_accuracy", realScoreOfModel[onnx[0]]);
    }

    @Override
    public byte[] train(byte[] base, TrainingState resume, Progress progress) {
      try (Adam adam = new Adam(0, 0)) {
        for (int step = 1; step <= totalSteps(); step++) {
          byte model = (byte) step;
          progress.step(new TrainingLoop.Step(step - 1, 1.0 / step, 1e-4));
          progress.checkpoint(
              TrainingState.of(step, totalSteps(), Map.of(), adam), () -> new byte[] {model});
        }
      }
      return new byte[] {(byte) totalSteps()};
    }

    @Override
    public Map<String, String> settings() {
      return Map.of();
    }
  }

  private static final class Said implements FineTuneRun.Listener {
    final List<String> lines = new ArrayList<>();

    @Override
    public void started(int totalSteps) {}

    @Override
    public void step(int step, double loss, double rate) {}

    @Override
    public void say(String line) {
      lines.add(line);
    }
  }

  @Test
  void aRunThatNeverBeatsItsStartReturnsTheStartingModel(@TempDir Path out) throws Exception {
    // The start scores 0.80; the checkpoints 0.70 and 0.80 (a tie is no gain).
    FineTuneRun run = new FineTuneRun(new Scripted(new double[] {0.80, 0.70, 0.80}), out);
    byte[] start = {0};

    FineTuneRun.Outcome outcome =
        run.run(start, Map.of("accuracy", 0.80), run.prepare(false), "rec.onnx", new Said());

    assertThat(outcome.improved()).isFalse();
    assertThat(outcome.best().step()).isZero();
    assertThat(outcome.model()).isEqualTo(start);
    assertThat(Files.readAllBytes(out.resolve("rec.onnx"))).isEqualTo(start);
    assertThat(Files.readAllBytes(out.resolve(FineTuneRun.BEST))).isEqualTo(start);
  }

  @Test
  void theBestCheckpointIsKeptEvenWhenLaterOnesAreWorse(@TempDir Path out) throws Exception {
    FineTuneRun run = new FineTuneRun(new Scripted(new double[] {0.50, 0.60, 0.55}), out);
    Said said = new Said();

    FineTuneRun.Outcome outcome =
        run.run(new byte[] {0}, Map.of("accuracy", 0.50), run.prepare(false), "rec.onnx", said);

    assertThat(outcome.improved()).isTrue();
    assertThat(outcome.best().step()).isEqualTo(1);
    assertThat(outcome.model()).containsExactly(1);
    assertThat(outcome.best().metrics()).containsEntry("accuracy", 0.60);
    assertThat(said.lines)
        .anySatisfy(line -> assertThat(line).contains("step 1").contains("(best so far, kept)"))
        .noneSatisfy(line -> assertThat(line).contains("step 2").contains("kept"));
    assertThat(Files.readAllLines(out.resolve(FineTuneRun.LOG)).get(0)).contains("\"step\":0");
    assertThat(out.resolve("metrics.png")).isRegularFile();
  }

  @Test
  void aCheckpointBetterOnSyntheticDataButWorseOnRealDataIsNotKept(@TempDir Path out)
      throws Exception {
    // Checkpoint 1 gains on synthetic data and loses real accuracy (the renderer's look learned);
    // checkpoint 2 gains less but keeps real accuracy within the noise.
    Scripted fineTune =
        new Scripted(new double[] {0.77, 0.93, 0.85}, new double[] {0.984, 0.870, 0.982});
    FineTuneRun run = new FineTuneRun(fineTune, out);
    Said said = new Said();

    FineTuneRun.Outcome outcome =
        run.run(
            new byte[] {0},
            fineTune.evaluate(new byte[] {0}),
            run.prepare(false),
            "rec.onnx",
            said);

    assertThat(outcome.best().step()).isEqualTo(2);
    assertThat(outcome.model()).containsExactly(2);
    assertThat(said.lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("step 1")
                    .contains("not kept: real_crops_accuracy falls from 0.9840 to 0.8700"));
  }
}

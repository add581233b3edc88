package io.platestream.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The CTC loss against a brute-force sum over every alignment, and its gradient. */
class CtcLossTest {

  @Test
  void equalsTheNegativeLogOfTheSummedProbabilityOfEveryAlignment() {
    int time = 5;
    int classes = 4;
    List<int[]> labels = List.of(new int[] {1, 2}, new int[] {3}, new int[] {1, 1});
    float[] logits = new float[labels.size() * time * classes];
    Random random = new Random(5);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(logits, new Shape(labels.size(), time, classes));

      float loss = CtcLoss.loss(x, labels).getFloat();

      double expected = 0;
      for (int n = 0; n < labels.size(); n++) {
        expected += -Math.log(bruteForce(logits, n, time, classes, labels.get(n)));
      }
      expected /= labels.size();
      assertThat((double) loss).isCloseTo(expected, within(1e-4));
    }
  }

  @Test
  void itsGradientMatchesFiniteDifferences() {
    int time = 4;
    int classes = 3;
    List<int[]> labels = List.of(new int[] {1, 2});
    float[] logits = new float[time * classes];
    Random random = new Random(9);
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) random.nextGaussian();
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray x = manager.create(logits, new Shape(1, time, classes));
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(CtcLoss.loss(x, labels));
      }
      float[] gradient = x.getGradient().toFloatArray();
      for (int i : new int[] {0, 4, 7, 11}) {
        double h = 1e-2;
        float[] plus = logits.clone();
        float[] minus = logits.clone();
        plus[i] += h;
        minus[i] -= h;
        double numeric =
            (CtcLoss.loss(manager.create(plus, new Shape(1, time, classes)), labels).getFloat()
                    - CtcLoss.loss(manager.create(minus, new Shape(1, time, classes)), labels)
                        .getFloat())
                / (2 * h);
        assertThat((double) gradient[i])
            .as("d loss / d logit %d", i)
            .isCloseTo(numeric, within(2e-3));
      }
    }
  }

  /** The probability of {@code label}: every path of classes that collapses to it, summed. */
  private static double bruteForce(float[] logits, int n, int time, int classes, int[] label) {
    double[][] p = new double[time][classes];
    for (int t = 0; t < time; t++) {
      double sum = 0;
      for (int c = 0; c < classes; c++) {
        p[t][c] = Math.exp(logits[(n * time + t) * classes + c]);
        sum += p[t][c];
      }
      for (int c = 0; c < classes; c++) {
        p[t][c] /= sum;
      }
    }
    double total = 0;
    int paths = (int) Math.pow(classes, time);
    for (int code = 0; code < paths; code++) {
      int[] path = new int[time];
      int rest = code;
      double probability = 1;
      for (int t = 0; t < time; t++) {
        path[t] = rest % classes;
        rest /= classes;
        probability *= p[t][path[t]];
      }
      if (collapse(path).equals(toList(label))) {
        total += probability;
      }
    }
    return total;
  }

  private static List<Integer> collapse(int[] path) {
    List<Integer> out = new ArrayList<>();
    int previous = -1;
    for (int c : path) {
      if (c != previous && c != 0) {
        out.add(c);
      }
      previous = c;
    }
    return out;
  }

  private static List<Integer> toList(int[] label) {
    List<Integer> out = new ArrayList<>();
    for (int c : label) {
      out.add(c);
    }
    return out;
  }
}

package io.platestream.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** DBLoss's parts on 2x2 maps, against values worked out by hand. */
class DbLossTest {

  @Test
  void diceIsOneMinusTwiceTheOverlapOverTheSums() {
    try (NDManager m = NDManager.newBaseManager()) {
      // overlap 0.8 + 0.6 = 1.4; sums 1.6 + 2 = 3.6; 1 - 2.8 / 3.6 = 0.2222
      float loss =
          DiceLoss.loss(map(m, 0.8f, 0.2f, 0.6f, 0f), map(m, 1, 0, 1, 0), map(m, 1, 1, 1, 1))
              .getFloat();
      assertThat((double) loss).isCloseTo(1 - 2.8 / 3.6, within(1e-5));
    }
  }

  @Test
  void maskedL1AveragesOnlyTheMaskedPixels() {
    try (NDManager m = NDManager.newBaseManager()) {
      // |0.5 - 0.3| + 0 + 0 over 3 masked pixels (the fourth, off by 0.6, is masked out)
      float loss =
          MaskL1Loss.loss(
                  map(m, 0.5f, 0.3f, 0.7f, 0.1f),
                  map(m, 0.3f, 0.3f, 0.7f, 0.7f),
                  map(m, 1, 1, 1, 0))
              .getFloat();
      assertThat((double) loss).isCloseTo(0.2 / 3, within(1e-5));
    }
  }

  @Test
  void theBalanceKeepsThePositivesAndOnlyTheHardestNegatives() {
    try (NDManager m = NDManager.newBaseManager()) {
      // One positive (0.9), three negatives; ratio 1 keeps the hardest negative (0.8):
      // (-ln 0.9 - ln 0.2) / 2
      float loss =
          BalanceLoss.loss(
                  map(m, 0.9f, 0.1f, 0.8f, 0.3f),
                  map(m, 1, 0, 0, 0),
                  map(m, 1, 1, 1, 1),
                  BalanceLoss.Main.BCE,
                  1)
              .getFloat();
      assertThat((double) loss).isCloseTo((-Math.log(0.9) - Math.log(0.2)) / 2, within(1e-5));
    }
  }

  @Test
  void theWholeLossIsAlphaShrinkPlusBetaThresholdPlusBinaryDice() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = map(m, 0.8f, 0.2f, 0.6f, 0f);
      NDArray t = map(m, 0.5f, 0.3f, 0.7f, 0.1f);
      NDArray gt = map(m, 1, 0, 1, 0);
      NDArray mask = map(m, 1, 1, 1, 1);
      NDArray tGt = map(m, 0.3f, 0.3f, 0.7f, 0.7f);
      NDArray tMask = map(m, 1, 1, 1, 0);
      DbLoss db = DbLoss.seed();

      double whole = db.loss(p, t, gt, mask, tGt, tMask).getFloat();

      // Shrink: Dice as the main loss (0.2222), balanced over 2 positives + 2 negatives: the same
      // value. Binary map: sigmoid(50 (P - T)) = [~1, ~0.0067, ~0, ~0]; its Dice with the truth.
      double shrink = 1 - 2.8 / 3.6;
      double[] b = {sig(50 * 0.3), sig(50 * -0.1), sig(50 * -0.1), sig(50 * -0.1)};
      double overlap = b[0] + b[2];
      double binaryDice = 1 - 2 * overlap / (b[0] + b[1] + b[2] + b[3] + 2);
      assertThat(whole).isCloseTo(5 * shrink + 10 * (0.2 / 3) + binaryDice, within(1e-4));
      assertThat((double) db.shrinkOnly(p, gt, mask).getFloat())
          .isCloseTo(5 * shrink, within(1e-5));
    }
  }

  private static double sig(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static NDArray map(NDManager m, float a, float b, float c, float d) {
    return m.create(new float[] {a, b, c, d}, new Shape(1, 2, 2));
  }
}

package io.platestream.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.platestream.training.graph.Scalars;

/**
 * PaddleOCR's BalanceLoss: the main loss over the positive pixels and only the hardest negatives,
 * at most {@code negativeRatio} per positive (online hard example mining). With the seed's main
 * loss, Dice, the per-pixel loss is one number for the whole map, so the balance changes its value
 * only through the counts (as in PaddleOCR).
 */
public final class BalanceLoss {
  /** The per-pixel (BCE) or whole-map (Dice) loss the balance is taken over. */
  public enum Main {
    BCE,
    DICE
  }

  private BalanceLoss() {}

  public static NDArray loss(
      NDArray prediction, NDArray truth, NDArray mask, Main main, float negativeRatio) {
    NDArray positive = truth.mul(mask);
    NDArray negative = truth.neg().add(1).mul(mask);
    long positiveCount = (long) positive.sum().getFloat();
    long negativeCount = (long) Math.min(negative.sum().getFloat(), positiveCount * negativeRatio);
    NDArray perPixel =
        main == Main.DICE
            ? DiceLoss.loss(prediction, truth, mask)
            : binaryCrossEntropy(prediction, truth);
    NDArray positiveLoss = positive.mul(perPixel);
    NDArray negativeLoss = negative.mul(perPixel).flatten();
    if (negativeCount > 0) {
      NDArray hardest = negativeLoss.sort(0).flip(0).get(new NDIndex(":" + negativeCount));
      return Scalars.dividedBy(
          positiveLoss.sum().add(hardest.sum()), positiveCount + negativeCount + DiceLoss.EPS);
    }
    return Scalars.dividedBy(positiveLoss.sum(), positiveCount + DiceLoss.EPS);
  }

  /** Per pixel, with probabilities clipped away from 0 and 1 so the logarithms stay finite. */
  private static NDArray binaryCrossEntropy(NDArray p, NDArray y) {
    NDArray clipped = p.clip(1e-7f, 1 - 1e-7f);
    return y.mul(clipped.log()).add(y.neg().add(1).mul(clipped.neg().add(1).log())).neg();
  }
}

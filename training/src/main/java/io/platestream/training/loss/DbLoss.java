package io.platestream.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import io.platestream.training.graph.Scalars;

/**
 * PaddleOCR's DBLoss with the seed's configuration: alpha x the balanced (OHEM) loss on the
 * probability (shrink) map + beta x the masked L1 loss on the threshold map + the Dice loss on the
 * approximate binary map 1 / (1 + exp(-k (P - T))).
 *
 * <p>PaddleOCR's inference export keeps only the probability branch of the head, so a model
 * fine-tuned from its ONNX file has no threshold map: {@link #shrinkOnly} trains that branch alone
 * (alpha x the balanced loss), which is what serving uses.
 */
public record DbLoss(float alpha, float beta, float k, BalanceLoss.Main main, float negativeRatio) {

  /** The seed's settings: alpha 5, beta 10, k 50, Dice as the main loss, OHEM 3:1. */
  public static DbLoss seed() {
    return new DbLoss(5, 10, 50, BalanceLoss.Main.DICE, 3);
  }

  /** The loss with the threshold branch: every map as [batch, H, W] (or with a channel of 1). */
  public NDArray loss(
      NDArray probability,
      NDArray threshold,
      NDArray shrinkTruth,
      NDArray shrinkMask,
      NDArray thresholdTruth,
      NDArray thresholdMask) {
    NDArray binary = Activation.sigmoid(Scalars.times(probability.sub(threshold), k));
    return shrinkOnly(probability, shrinkTruth, shrinkMask)
        .add(Scalars.times(MaskL1Loss.loss(threshold, thresholdTruth, thresholdMask), beta))
        .add(DiceLoss.loss(binary, shrinkTruth, shrinkMask));
  }

  /** alpha x the balanced loss on the probability map: the exported model's only branch. */
  public NDArray shrinkOnly(NDArray probability, NDArray shrinkTruth, NDArray shrinkMask) {
    return Scalars.times(
        BalanceLoss.loss(probability, shrinkTruth, shrinkMask, main, negativeRatio), alpha);
  }
}

package io.platestream.training.loss;

import ai.djl.ndarray.NDArray;

/** The mean absolute error over the masked pixels, as PaddleOCR's MaskL1Loss (eps 1e-6). */
public final class MaskL1Loss {
  private MaskL1Loss() {}

  public static NDArray loss(NDArray prediction, NDArray truth, NDArray mask) {
    return prediction.sub(truth).abs().mul(mask).sum().div(mask.sum().add(DiceLoss.EPS));
  }
}

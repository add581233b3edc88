package io.platestream.training.loss;

import ai.djl.ndarray.NDArray;
import io.platestream.training.graph.Scalars;

/** 1 - 2 |P ∩ G| / (|P| + |G|) over the masked pixels, as PaddleOCR's DiceLoss (eps 1e-6). */
public final class DiceLoss {
  static final float EPS = 1e-6f;

  private DiceLoss() {}

  public static NDArray loss(NDArray prediction, NDArray truth, NDArray mask) {
    NDArray intersection = prediction.mul(truth).mul(mask).sum();
    NDArray union = prediction.mul(mask).sum().add(truth.mul(mask).sum()).add(EPS);
    return Scalars.times(intersection, 2).div(union).neg().add(1);
  }
}

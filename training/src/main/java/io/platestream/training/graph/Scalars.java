package io.platestream.training.graph;

import ai.djl.ndarray.NDArray;

/**
 * Arithmetic with a constant that autograd may keep for the backward pass. DJL's {@code
 * x.mul(0.2f)} turns the number into a one-element array, multiplies, and closes that array at
 * once; PyTorch's autograd still holds the product's operand for the gradient (d(x a)/dx = a), and
 * once the closed array's memory is freed and reused, the backward pass reads garbage: gradients of
 * 1e20 to 1e37 or NaN, now and then, depending on when the garbage collector runs. Here the
 * constant lives in {@code x}'s manager and is closed with it, after the step's backward pass.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code x * value}, safe to differentiate. */
  public static NDArray times(NDArray x, float value) {
    return x.mul(x.getManager().create(value));
  }

  /** {@code x / value}, safe to differentiate. */
  public static NDArray dividedBy(NDArray x, float value) {
    return x.div(x.getManager().create(value));
  }
}

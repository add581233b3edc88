package io.platestream.training.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam (beta1 0.9, beta2 0.999, epsilon 1e-8) with L2 regularisation as PaddleOCR applies it: the
 * decay term is added to the gradient before the moments (coupled), and an optional clip of the
 * global gradient norm. Moments are kept per parameter, in the parameter's manager.
 */
public final class Adam implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Adam.class);
  private final double beta1 = 0.9;
  private final double beta2 = 0.999;
  private final double epsilon = 1e-8;
  private final double l2;
  private final double clipNorm;
  private final Map<String, NDArray[]> moments = new HashMap<>();
  private int steps;

  /**
   * @param l2 regularisation factor (0: none)
   * @param clipNorm largest global gradient norm (0: no clipping)
   */
  public Adam(double l2, double clipNorm) {
    this.l2 = l2;
    this.clipNorm = clipNorm;
  }

  /**
   * One update of every parameter that has a gradient, at learning rate {@code rate}, then the
   * gradients are zeroed (PyTorch adds new ones to the old). Call outside the gradient collector.
   *
   * @return false when a gradient was not finite: nothing was updated (the gradients are zeroed)
   */
  public boolean step(Map<String, NDArray> parameters, double rate) {
    // Temporaries live in this manager: an operation's result goes to its first operand's.
    try (NDManager temp = NDManager.newBaseManager()) {
      Map<String, NDArray> gradients = new HashMap<>();
      double squares = 0;
      for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
        if (entry.getValue().hasGradient()) {
          NDArray g = entry.getValue().getGradient();
          g.attach(temp);
          gradients.put(entry.getKey(), g);
          squares += g.square().sum().getFloat();
        }
      }
      double norm = Math.sqrt(squares);
      if (!Double.isFinite(norm)) {
        // A non-finite gradient would poison every weight it touches: drop this step.
        log.warn("gradient not finite: {}", describeNonFinite(parameters, gradients));
        gradients.keySet().forEach(name -> zeroGradient(parameters.get(name)));
        return false;
      }
      steps++;
      double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1;
      double correction1 = 1 - Math.pow(beta1, steps);
      double correction2 = 1 - Math.pow(beta2, steps);
      for (Map.Entry<String, NDArray> entry : gradients.entrySet()) {
        NDArray p = parameters.get(entry.getKey());
        NDArray g = entry.getValue().mul(scale);
        if (l2 > 0) {
          NDArray decay = p.mul(l2);
          decay.attach(temp);
          g = g.add(decay);
        }
        NDArray[] m =
            moments.computeIfAbsent(
                entry.getKey(), k -> new NDArray[] {p.zerosLike(), p.zerosLike()});
        m[0].muli(beta1).addi(g.mul(1 - beta1));
        m[1].muli(beta2).addi(g.square().mul(1 - beta2));
        NDArray first = m[0].div(correction1);
        first.attach(temp);
        NDArray second = m[1].div(correction2);
        second.attach(temp);
        p.subi(first.div(second.sqrt().add(epsilon)).mul(rate));
        zeroGradient(p);
      }
    }
    return true;
  }

  /**
   * The gradients that hold NaN or infinity or are huge, in the parameters' order: what a skipped
   * step's log line says, to find where a bad value entered.
   */
  private static String describeNonFinite(
      Map<String, NDArray> parameters, Map<String, NDArray> gradients) {
    java.util.List<String> bad = new java.util.ArrayList<>();
    for (String name : parameters.keySet()) {
      NDArray g = gradients.get(name);
      if (g == null) continue;
      float[] values = g.toFloatArray();
      int nan = 0;
      int inf = 0;
      double largest = 0;
      for (float v : values) {
        if (Float.isNaN(v)) nan++;
        else if (Float.isInfinite(v)) inf++;
        else largest = Math.max(largest, Math.abs(v));
      }
      if (nan + inf > 0 || largest > HUGE_GRADIENT) {
        bad.add(
            String.format(
                java.util.Locale.ROOT,
                "%s (%d NaN, %d inf, max |g| %.3g)",
                name,
                nan,
                inf,
                largest));
      }
    }
    return bad.size() + " of " + gradients.size() + " tensors: " + String.join(", ", bad);
  }

  /** A gradient this large on a weight is a numerical fault, not a learning signal. */
  private static final double HUGE_GRADIENT = 1e6;

  /**
   * Sets a parameter's gradient to zero in place. Not by multiplying by 0: NaN x 0 is NaN, and a
   * gradient that once held a NaN would make every later step non-finite.
   */
  private static void zeroGradient(NDArray parameter) {
    if (parameter instanceof PtNDArray torch) {
      JniUtils.zeroGrad(torch);
    } else {
      NDArray g = parameter.getGradient();
      g.set(new float[(int) g.size()]);
      g.close();
    }
  }

  /** Updates done so far (bias correction depends on it). */
  public int steps() {
    return steps;
  }

  /** The first and second moment of each parameter updated so far (live arrays). */
  public Map<String, NDArray[]> moments() {
    return Map.copyOf(moments);
  }

  /**
   * Continues from a saved state: {@code steps} updates done, these moments (copied into arrays of
   * each parameter's manager).
   */
  public void restore(int steps, Map<String, NDArray[]> saved, Map<String, NDArray> parameters) {
    close();
    this.steps = steps;
    saved.forEach(
        (name, m) -> {
          NDArray p = parameters.get(name);
          if (p == null) {
            throw new IllegalArgumentException("saved moments of an unknown parameter " + name);
          }
          NDArray first = p.zerosLike();
          NDArray second = p.zerosLike();
          m[0].copyTo(first);
          m[1].copyTo(second);
          moments.put(name, new NDArray[] {first, second});
        });
  }

  @Override
  public void close() {
    moments
        .values()
        .forEach(
            m -> {
              m[0].close();
              m[1].close();
            });
    moments.clear();
  }
}

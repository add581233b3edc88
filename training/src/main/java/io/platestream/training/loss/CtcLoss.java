package io.platestream.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Connectionist temporal classification loss, blank = class 0, as PaddleOCR's recognizer is trained
 * with (full-length inputs, the batch mean of the per-sample negative log-likelihoods). DJL's
 * PyTorch engine has no CTC, so this is the forward (alpha) recursion in log space, written with
 * differentiable array operations over the batch at once; "minus infinity" is a large negative
 * number so that gradients stay finite.
 */
public final class CtcLoss {
  private static final float NEGATIVE = -1e30f;

  private CtcLoss() {}

  /**
   * @param logits [batch, time, classes], before any softmax
   * @param labels per sample, its class indices (1.. classes - 1), at least one each
   */
  public static NDArray loss(NDArray logits, List<int[]> labels) {
    NDManager manager = logits.getManager();
    long batch = logits.getShape().get(0);
    long time = logits.getShape().get(1);
    int classes = (int) logits.getShape().get(2);
    int longest = labels.stream().mapToInt(l -> l.length).max().orElse(0);
    int states = 2 * longest + 1;
    // The extended labels (blank, l1, blank, l2, ..., blank) as one-hot rows, and what each state
    // may do: exist (s < 2L + 1), skip the blank before it (a label unlike the one two back).
    float[] oneHot = new float[(int) batch * states * classes];
    float[] exists = new float[(int) batch * states];
    float[] skips = new float[(int) batch * states];
    float[] last = new float[(int) batch * states];
    for (int n = 0; n < batch; n++) {
      int[] label = labels.get(n);
      if (label.length == 0 || 2 * label.length + 1 > 2 * time + 1) {
        throw new IllegalArgumentException(
            "sample "
                + n
                + ": a label of "
                + label.length
                + " characters cannot fit "
                + time
                + " steps");
      }
      int used = 2 * label.length + 1;
      for (int s = 0; s < states; s++) {
        int symbol = s % 2 == 0 || s >= used ? 0 : label[s / 2];
        if (symbol >= classes) {
          throw new IllegalArgumentException(
              "sample " + n + ": class " + symbol + " >= " + classes);
        }
        oneHot[(n * states + s) * classes + symbol] = 1;
        exists[n * states + s] = s < used ? 1 : 0;
        skips[n * states + s] =
            s >= 2 && s < used && s % 2 == 1 && label[s / 2] != label[s / 2 - 1] ? 1 : 0;
        last[n * states + s] = s == used - 1 || s == used - 2 ? 1 : 0;
      }
    }
    NDArray logProbs = logits.logSoftmax(-1);
    NDArray emissions =
        logProbs.matMul(
            manager.create(oneHot, new Shape(batch, states, classes)).transpose(0, 2, 1));
    NDArray exist =
        manager.create(exists, new Shape(batch, states)).toType(DataType.BOOLEAN, false);
    NDArray skip = manager.create(skips, new Shape(batch, states)).toType(DataType.BOOLEAN, false);
    NDArray end = manager.create(last, new Shape(batch, states)).toType(DataType.BOOLEAN, false);
    NDArray negative = manager.full(new Shape(batch, states), NEGATIVE);

    // t = 0: only the first blank or the first label.
    float[] start = new float[(int) batch * states];
    for (int n = 0; n < batch; n++) {
      start[n * states] = 1;
      start[n * states + 1] = 1;
    }
    NDArray first = manager.create(start, new Shape(batch, states)).toType(DataType.BOOLEAN, false);
    NDArray alpha = NDArrays.where(first, emissions.get(new NDIndex(":, 0, :")), negative);
    for (long t = 1; t < time; t++) {
      NDArray stay = alpha;
      NDArray step = shift(alpha, 1, negative);
      NDArray jump = NDArrays.where(skip, shift(alpha, 2, negative), negative);
      NDArray combined = logSumExp(List.of(stay, step, jump));
      alpha =
          NDArrays.where(
              exist, combined.add(emissions.get(new NDIndex(":, " + t + ", :"))), negative);
    }
    NDArray likelihood = logSumExpOver(NDArrays.where(end, alpha, negative));
    return likelihood.neg().mean();
  }

  /** Each row moved right by {@code by}, filled with minus infinity on the left. */
  private static NDArray shift(NDArray alpha, int by, NDArray negative) {
    long states = alpha.getShape().get(1);
    return NDArrays.concat(
        new NDList(
            negative.get(new NDIndex(":, :" + by)), alpha.get(new NDIndex(":, :" + (states - by)))),
        1);
  }

  private static NDArray logSumExp(List<NDArray> terms) {
    NDArray max = terms.get(0);
    for (NDArray term : terms.subList(1, terms.size())) {
      max = max.maximum(term);
    }
    NDArray sum = null;
    for (NDArray term : terms) {
      NDArray e = term.sub(max).exp();
      sum = sum == null ? e : sum.add(e);
    }
    return max.add(sum.log());
  }

  /** log(sum(exp(x))) over the states of each sample, stably. */
  private static NDArray logSumExpOver(NDArray x) {
    NDArray max = x.max(new int[] {1}, true);
    return max.add(x.sub(max).exp().sum(new int[] {1}, true).log()).squeeze(1);
  }
}

package io.platestream.recognizer.inference;

/**
 * Turns one crop's CTC output into a reading: PaddleOCR's greedy decoding ({@link
 * CtcGreedyDecoder}) or the plate-grammar beam search the stage uses ({@link GrammarBeamDecoder}).
 *
 * @param <R> what a reading is: plain text with confidences, or a plate with candidates
 */
public interface CtcDecoder<R> {
  /**
   * Decodes {@code steps x classes} probabilities (each step sums to 1, class 0 the blank) stored
   * row-major in {@code probabilities} from {@code offset}.
   */
  R decode(float[] probabilities, int offset, int steps, int classes);
}

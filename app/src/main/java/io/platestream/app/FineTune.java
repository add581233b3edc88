package io.platestream.app;

import java.util.Map;
import java.util.function.Consumer;

/**
 * One model's fine-tuning run as {@code platestream train} drives it: its data already split, a way
 * to score any version of the model on the held-out part, and the training itself.
 */
interface FineTune {
  /** The registry's name of the model. */
  String modelName();

  /** The metric the quality gate compares (higher is better). */
  String mainMetric();

  /** A one-line account of the split, for the console. */
  String describe();

  /** Scores a version (its ONNX bytes) on the held-out part. */
  Map<String, Double> evaluate(byte[] onnx);

  /**
   * Trains from {@code base} and returns the exported model.
   *
   * @param step told of each step as a JSON-able map (step, loss, lr)
   */
  byte[] train(byte[] base, Consumer<Map<String, Object>> step);

  /** Settings worth recording with the published version. */
  Map<String, String> settings();
}

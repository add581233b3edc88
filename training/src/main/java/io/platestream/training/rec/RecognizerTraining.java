package io.platestream.training.rec;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.platestream.datasets.metrics.RecognitionEvaluator;
import io.platestream.datasets.metrics.RecognitionMetrics;
import io.platestream.recognizer.inference.CharacterDictionary;
import io.platestream.recognizer.inference.CtcGreedyDecoder;
import io.platestream.recognizer.inference.RecPreprocessor;
import io.platestream.training.graph.OnnxGraph;
import io.platestream.training.loss.CtcLoss;
import io.platestream.training.optim.Adam;
import io.platestream.training.optim.CosineWarmup;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Fine-tunes a CTC recogniser in its own ONNX graph: crops pre-processed exactly as the stage does
 * (height 48, padded to 320), CTC on the logits before the final softmax, Adam with coupled L2 and
 * a cosine learning rate after a linear warm-up. BatchNorm keeps its running statistics (a short
 * fine-tune on few crops would only make them noisier).
 */
public final class RecognizerTraining {
  private static final int WIDTH = 320;

  /** A labelled crop. */
  public record Sample(BufferedImage crop, String text) {}

  /** How to train. */
  public record Settings(
      int epochs,
      int batchSize,
      double learningRate,
      int warmupSteps,
      double l2,
      double clipNorm,
      Pattern frozen,
      long seed) {
    public static Settings defaults() {
      return new Settings(4, 8, 1e-4, 2, 1e-5, 5, null, 1);
    }
  }

  /** One step's loss and learning rate. */
  public record Step(int step, double loss, double rate) {}

  private final OnnxGraph graph;
  private final CharacterDictionary dictionary;
  private final RecPreprocessor preprocessor = RecPreprocessor.paddleDefault();
  private final String input;
  private final String probabilities;
  private final String logits;

  public RecognizerTraining(OnnxGraph graph, CharacterDictionary dictionary) {
    this.graph = graph;
    this.dictionary = dictionary;
    this.input = graph.inputNames().get(0);
    this.probabilities = graph.outputNames().get(0);
    this.logits = graph.producerInputs(probabilities).get(0);
  }

  /** Trains the graph's weights in place; returns each step's loss. */
  public List<Step> train(List<Sample> samples, Settings settings, Consumer<Step> progress) {
    Map<String, NDArray> trainable = new java.util.LinkedHashMap<>();
    graph
        .parameters()
        .forEach(
            (name, weights) -> {
              if (settings.frozen() == null || !settings.frozen().matcher(name).matches()) {
                weights.setRequiresGradient(true);
                trainable.put(name, weights);
              }
            });
    int perEpoch = (samples.size() + settings.batchSize() - 1) / settings.batchSize();
    CosineWarmup schedule =
        new CosineWarmup(
            settings.learningRate(), settings.warmupSteps(), settings.epochs() * perEpoch);
    List<Step> steps = new ArrayList<>();
    List<Sample> order = new ArrayList<>(samples);
    Random random = new Random(settings.seed());
    try (Adam adam = new Adam(settings.l2(), settings.clipNorm())) {
      for (int epoch = 0; epoch < settings.epochs(); epoch++) {
        Collections.shuffle(order, random);
        for (int from = 0; from < order.size(); from += settings.batchSize()) {
          List<Sample> batch =
              order.subList(from, Math.min(order.size(), from + settings.batchSize()));
          double rate = schedule.rate(steps.size());
          double loss;
          try (NDManager scope = NDManager.newBaseManager()) {
            NDArray x =
                scope.create(
                    pixels(batch), new Shape(batch.size(), 3, RecPreprocessor.HEIGHT, WIDTH));
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
              NDArray out = graph.forward(Map.of(input, x), List.of(logits)).get(logits);
              NDArray value =
                  CtcLoss.loss(out, batch.stream().map(s -> dictionary.encode(s.text())).toList());
              collector.backward(value);
              loss = value.getFloat();
            }
            adam.step(trainable, rate);
          }
          Step step = new Step(steps.size(), loss, rate);
          steps.add(step);
          progress.accept(step);
        }
      }
    }
    trainable.values().forEach(w -> w.setRequiresGradient(false));
    return steps;
  }

  /** The share of crops whose greedy-decoded text is exactly their label. */
  public double accuracy(List<Sample> samples) {
    return evaluate(samples).accuracy();
  }

  /** PaddleOCR's recognition metrics of greedy-decoded readings against the labels. */
  public RecognitionMetrics evaluate(List<Sample> samples) {
    CtcGreedyDecoder decoder = new CtcGreedyDecoder(dictionary);
    RecognitionEvaluator evaluator = new RecognitionEvaluator();
    for (int from = 0; from < samples.size(); from += 16) {
      List<Sample> batch = samples.subList(from, Math.min(samples.size(), from + 16));
      try (NDManager scope = NDManager.newBaseManager()) {
        NDArray x =
            scope.create(pixels(batch), new Shape(batch.size(), 3, RecPreprocessor.HEIGHT, WIDTH));
        NDArray out = graph.forward(Map.of(input, x), List.of(probabilities)).get(probabilities);
        float[] values = out.toFloatArray();
        int steps = (int) out.getShape().get(1);
        int classes = (int) out.getShape().get(2);
        for (int i = 0; i < batch.size(); i++) {
          String text = decoder.decode(values, i * steps * classes, steps, classes).text();
          evaluator.add(text, batch.get(i).text());
        }
      }
    }
    return evaluator.result();
  }

  private float[] pixels(List<Sample> batch) {
    int plane = 3 * RecPreprocessor.HEIGHT * WIDTH;
    float[] chw = new float[batch.size() * plane];
    for (int i = 0; i < batch.size(); i++) {
      preprocessor.writeInto(batch.get(i).crop(), chw, i * plane, WIDTH);
    }
    return chw;
  }
}
